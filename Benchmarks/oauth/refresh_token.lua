-- wrk: POST /token with the refresh_token grant. Every request needs the refresh token the previous
-- answer returned (rotation), so each wrk thread keeps a queue of live tokens: request() takes one,
-- response() puts back the successor. Each connection has one request in flight, so a queue seeded
-- with more tokens than connections never runs dry.
local threads = {}
local counter = 1

function setup(thread)
    thread:set("id", counter)
    table.insert(threads, thread)
    counter = counter + 1
end

function init(args)
    queue = {}
    local path = os.getenv("BENCH_TOKENS")
    local total = tonumber(os.getenv("BENCH_THREADS"))
    local index = 0
    for line in io.lines(path) do
        if index % total == (id - 1) then table.insert(queue, line) end
        index = index + 1
    end
    client = os.getenv("BENCH_CLIENT")
end

function request()
    local token = table.remove(queue, 1)
    if token == nil then token = "exhausted" end
    return wrk.format("POST", "/token", {["Content-Type"] = "application/x-www-form-urlencoded"},
        "grant_type=refresh_token&client_id=" .. client .. "&refresh_token=" .. token)
end

function response(status, headers, body)
    local next = string.match(body, '"refresh_token":"([^"]+)"')
    if status == 200 and next then table.insert(queue, next) end
end

function done(summary, latency, requests)
    io.write(string.format("non200 %d\n", summary.errors.status))
end
