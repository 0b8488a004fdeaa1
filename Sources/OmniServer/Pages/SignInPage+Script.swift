extension SignInPage {
    /// The page's only script. It reads everything it needs from `data-` attributes of `#signin`, so no value is
    /// ever interpolated into it, and it writes text only through `textContent`.
    ///
    /// Contract with the JSON endpoints (BRIEF: Channel sign-in), all under `/interaction/{uid}` with the uid
    /// passed through `encodeURIComponent`:
    /// - `POST otp/send {"phone"}` → 204: the code form appears and "resend" counts down 60 s. 429 `slow_down`:
    ///   the countdown follows `Retry-After` (seconds or an HTTP date). 400 `invalid_phone`: the phone field is
    ///   marked invalid.
    /// - `POST otp/verify {"phone","code"}` → 200 `{"redirect_to"}`: `window.location.assign`. 400 `invalid_otp`
    ///   with `attempts_left`; 400 `otp_expired`: resend is enabled at once.
    /// - `POST qr` → `{"qr_token","qr_svg","expires_in"}` reveals the QR tab (any failure, 404 included, keeps it
    ///   hidden); while the tab is shown, `GET qr` is polled every 2 s (doubling to 30 s on failures) until
    ///   `approved` (redirect), `denied` or `expired` (offer a new code).
    /// - `interaction_expired` / `interaction_not_found` anywhere end the page; a failed fetch says "network".
    static let script = #"""
        (function () {
          'use strict';
          var root = document.getElementById('signin');
          if (!root) { return; }
          var base = '/interaction/' + encodeURIComponent(root.getAttribute('data-uid') || '');
          function $(id) { return document.getElementById(id); }
          var phone = $('phone'), sendBtn = $('send-code'), code = $('code'), signInBtn = $('sign-in');
          var phoneForm = $('phone-form'), codeForm = $('code-form'), statusEl = $('status');
          var tabs = [$('tab-phone'), $('tab-qr')], tabList = $('tabs');
          var qrImage = $('qr-image'), qrStatus = $('qr-status'), qrRefresh = $('qr-refresh');
          var qrFrame = qrImage.parentNode;

          var busy = null;            // 'send' | 'verify' while a request is in flight
          var finished = false;       // signed in, or the interaction is gone
          var sentPhone = null;       // the number the current code went to
          var countdownUntil = 0, countdownTimer = null, countdownIsLimit = false;
          var qr = { state: 'none', generation: 0, expiresAt: 0 };   // 'none' | 'loading' | 'active' | 'ended'
          var pollTimer = null, pollInFlight = false, pollDelay = 2000;

          function t(key, vars) {
            var text = root.getAttribute('data-msg-' + key) || '';
            Object.keys(vars || {}).forEach(function (name) {
              text = text.split('{' + name + '}').join(String(vars[name]));
            });
            return text;
          }
          function say(el, text, kind) {
            el.textContent = text;
            el.setAttribute('data-kind', kind || 'info');
          }

          // RFC 9110 §10.2.3: delay-seconds or an HTTP-date.
          function retryAfterSeconds(value) {
            if (!value) { return null; }
            if (/^\s*\d+\s*$/.test(value)) { return Math.min(parseInt(value, 10), 3600); }
            var at = Date.parse(value);
            if (isNaN(at)) { return null; }
            return Math.max(1, Math.min(Math.ceil((at - Date.now()) / 1000), 3600));
          }

          async function call(method, path, body) {
            var init = { method: method, headers: { 'Accept': 'application/json' },
                         credentials: 'same-origin', cache: 'no-store', redirect: 'error' };
            if (body !== undefined) {
              init.headers['Content-Type'] = 'application/json';
              init.body = JSON.stringify(body);
            }
            var res = await fetch(base + path, init);
            var data = null;
            try { data = JSON.parse(await res.text()); } catch (e) { data = null; }
            if (data === null || typeof data !== 'object') { data = {}; }
            return { status: res.status, data: data, error: typeof data.error === 'string' ? data.error : '',
                     retryAfter: retryAfterSeconds(res.headers.get('Retry-After')) };
          }

          function countdownLeft() {
            return countdownUntil ? Math.max(0, Math.ceil((countdownUntil - Date.now()) / 1000)) : 0;
          }
          function render() {
            var left = countdownLeft();
            sendBtn.disabled = busy !== null || finished || left > 0;
            sendBtn.textContent = busy === 'send' ? t('sending')
              : left > 0 ? t('resend-in', { seconds: left })
              : sentPhone ? t('resend') : t('send-code');
            sendBtn.setAttribute('aria-busy', busy === 'send' ? 'true' : 'false');
            signInBtn.disabled = busy !== null || finished;
            signInBtn.textContent = busy === 'verify' ? t('signing-in') : t('sign-in');
            signInBtn.setAttribute('aria-busy', busy === 'verify' ? 'true' : 'false');
            phone.readOnly = finished || busy !== null;
            code.readOnly = finished || busy !== null;
          }
          function startCountdown(seconds, isLimit) {
            clearInterval(countdownTimer);
            countdownUntil = Date.now() + seconds * 1000;
            countdownIsLimit = !!isLimit;
            countdownTimer = setInterval(function () {
              if (countdownLeft() === 0) { stopCountdown(); } else { render(); }
            }, 1000);
            render();
          }
          function stopCountdown() {
            clearInterval(countdownTimer);
            countdownTimer = null;
            countdownUntil = 0;
            render();
          }

          // A button disabled under the keyboard focus drops it; put it back somewhere useful.
          function refocus(input) {
            if (!document.activeElement || document.activeElement === document.body || document.activeElement.disabled) {
              input.focus();
            }
          }
          function markInvalid(input, message) {
            input.setAttribute('aria-invalid', 'true');
            say(statusEl, message, 'error');
            input.focus();
          }
          function endInteraction() {
            finished = true;
            stopCountdown();
            stopPolling();
            say(statusEl, t('interaction-expired'), 'error');
            say(qrStatus, t('interaction-expired'), 'error');
            qrRefresh.hidden = true;
          }
          function succeed(target, el) {
            var url = null;
            try { url = new URL(target, window.location.href); } catch (e) { url = null; }
            if (!url || /^(javascript|data|vbscript|blob|file):$/i.test(url.protocol)) {
              say(el, t('server-error'), 'error');
              return;
            }
            finished = true;
            stopCountdown();
            stopPolling();
            say(el, t('signed-in'), 'success');
            window.location.assign(url.href);
          }

          // Errors of otp/send and otp/verify, by their OAuth error code.
          function showError(r) {
            var left = r.data.attempts_left;
            switch (r.error) {
            case 'interaction_expired':
            case 'interaction_not_found':
              endInteraction();
              return;
            case 'invalid_phone':
              markInvalid(phone, t('invalid-phone'));
              return;
            case 'invalid_otp':
              code.value = '';
              if (typeof left === 'number' && isFinite(left) && left <= 0) {
                say(statusEl, t('otp-expired'), 'error');
                if (!countdownIsLimit) { stopCountdown(); }
                sendBtn.focus();
              } else if (typeof left === 'number' && isFinite(left)) {
                markInvalid(code, left === 1 ? t('invalid-otp-one') : t('invalid-otp', { attempts: left }));
              } else {
                markInvalid(code, t('invalid-otp-no-count'));
              }
              return;
            case 'otp_expired':
              code.value = '';
              if (!countdownIsLimit) { stopCountdown(); }
              say(statusEl, t('otp-expired'), 'error');
              if (!sendBtn.disabled) { sendBtn.focus(); }
              return;
            }
            if (r.error === 'slow_down' || r.status === 429) {
              var seconds = r.retryAfter || 60;
              startCountdown(seconds, true);
              say(statusEl, t('slow-down', { seconds: seconds }), 'error');
              refocus(sentPhone === null ? phone : code);
            } else if (r.status === 404) {
              endInteraction();
            } else {
              say(statusEl, t('server-error'), 'error');
              refocus(sentPhone === null ? phone : code);
            }
          }

          phoneForm.addEventListener('submit', async function (event) {
            event.preventDefault();
            if (busy !== null || finished || countdownLeft() > 0) { return; }
            var value = phone.value.trim();
            if (!value) { markInvalid(phone, t('phone-required')); return; }
            busy = 'send';
            render();
            say(statusEl, t('sending'));
            var r;
            try {
              r = await call('POST', '/otp/send', { phone: value });
            } catch (e) {
              busy = null;
              render();
              say(statusEl, t('network'), 'error');
              refocus(sentPhone === null ? phone : code);
              return;
            }
            busy = null;
            if (r.status === 204 || r.status === 200) {
              sentPhone = value;
              phoneForm.classList.add('sent');
              codeForm.hidden = false;
              code.value = '';
              startCountdown(60, false);
              say(statusEl, t('code-sent', { phone: value }), 'success');
              code.focus();
              return;
            }
            render();
            showError(r);
          });

          phone.addEventListener('input', function () {
            phone.removeAttribute('aria-invalid');
            // A code belongs to the number it was sent to: editing the number asks for a new code.
            if (sentPhone !== null && phone.value.trim() !== sentPhone) {
              sentPhone = null;
              codeForm.hidden = true;
              phoneForm.classList.remove('sent');
              if (!countdownIsLimit) { stopCountdown(); } else { render(); }
            }
          });
          code.addEventListener('input', function () {
            code.removeAttribute('aria-invalid');
            var digits = code.value.replace(/\D+/g, '').slice(0, 6);
            if (digits !== code.value) { code.value = digits; }
          });

          codeForm.addEventListener('submit', async function (event) {
            event.preventDefault();
            if (busy !== null || finished || sentPhone === null) { return; }
            var value = code.value.replace(/\D+/g, '');
            if (!/^\d{6}$/.test(value)) { markInvalid(code, t('code-required')); return; }
            busy = 'verify';
            render();
            say(statusEl, t('signing-in'));
            var r;
            try {
              r = await call('POST', '/otp/verify', { phone: sentPhone, code: value });
            } catch (e) {
              busy = null;
              render();
              say(statusEl, t('network'), 'error');
              refocus(sentPhone === null ? phone : code);
              return;
            }
            busy = null;
            render();
            if (r.status === 200 && typeof r.data.redirect_to === 'string') {
              succeed(r.data.redirect_to, statusEl);
              return;
            }
            showError(r);
          });

          // Tabs (WAI-ARIA Authoring Practices, "Tabs with automatic activation").
          function selectTab(tab, focus) {
            tabs.forEach(function (other) {
              var on = other === tab;
              other.setAttribute('aria-selected', on ? 'true' : 'false');
              other.tabIndex = on ? 0 : -1;
              $(other.getAttribute('aria-controls')).hidden = !on;
            });
            if (focus) { tab.focus(); }
            if (tab.id === 'tab-qr') { qrActivate(); } else { stopPolling(); }
          }
          tabs.forEach(function (tab, index) {
            tab.addEventListener('click', function () { selectTab(tab, false); });
            tab.addEventListener('keydown', function (event) {
              var next = null;
              if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') { next = tabs[1 - index]; }
              if (event.key === 'Home') { next = tabs[0]; }
              if (event.key === 'End') { next = tabs[tabs.length - 1]; }
              if (next) { event.preventDefault(); selectTab(next, true); }
            });
          });
          function qrTabShown() { return !tabList.hidden && tabs[1].getAttribute('aria-selected') === 'true'; }
          function hideQRTab() {
            stopPolling();
            if (qrTabShown()) { selectTab(tabs[0], false); }
            tabList.hidden = true;
            qr.state = 'unavailable';
          }

          // Scan to sign in.
          function base64(text) {
            var bytes = new TextEncoder().encode(text), binary = '';
            for (var i = 0; i < bytes.length; i += 0x8000) {
              binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
            }
            return btoa(binary);
          }
          function qrEnd(kind) {
            stopPolling();
            qr.state = 'ended';
            qrFrame.classList.add('stale');
            say(qrStatus, t(kind), kind === 'qr-expired' || kind === 'qr-denied' ? 'error' : 'info');
            qrRefresh.hidden = false;
          }
          async function qrCreate(probe) {
            var generation = ++qr.generation;
            stopPolling();
            qr.state = 'loading';
            qrRefresh.hidden = true;
            if (!probe) { say(qrStatus, t('qr-loading')); }
            var r;
            try { r = await call('POST', '/qr'); } catch (e) { r = null; }
            if (generation !== qr.generation || finished) { return; }
            if (r && r.status === 200 && typeof r.data.qr_svg === 'string') {
              var lifetime = typeof r.data.expires_in === 'number' && r.data.expires_in > 0 ? r.data.expires_in : 120;
              qr.state = 'active';
              qr.expiresAt = Date.now() + lifetime * 1000;
              qrImage.src = 'data:image/svg+xml;base64,' + base64(r.data.qr_svg);
              qrImage.hidden = false;
              qrFrame.classList.remove('stale');
              say(qrStatus, t('qr-pending'));
              tabList.hidden = false;
              if (qrTabShown()) { pollDelay = 2000; schedulePoll(pollDelay); }
              return;
            }
            if (probe || (r && r.status === 404 && r.error !== 'interaction_not_found')) {
              hideQRTab();       // not offered by this server (yet): quietly drop the tab
            } else if (r && (r.error === 'interaction_expired' || r.error === 'interaction_not_found')) {
              endInteraction();
            } else {
              qr.state = 'ended';
              say(qrStatus, r ? t('server-error') : t('network'), 'error');
              qrRefresh.hidden = false;
            }
          }
          function qrActivate() {
            if (finished || pollInFlight) { return; }
            if (qr.state === 'active' && Date.now() < qr.expiresAt) {
              pollDelay = 2000;
              schedulePoll(0);
            } else if (qr.state === 'active') {
              qrCreate(false);      // it expired while nobody was looking: a fresh one costs the user nothing
            }
          }
          function stopPolling() { clearTimeout(pollTimer); pollTimer = null; }
          function schedulePoll(ms) { stopPolling(); pollTimer = setTimeout(poll, ms); }
          function backOff(seconds) {
            pollDelay = Math.min(pollDelay * 2, 30000);
            schedulePoll(Math.max(pollDelay, (seconds || 0) * 1000));
          }
          async function poll() {
            pollTimer = null;
            if (finished || qr.state !== 'active' || !qrTabShown() || document.hidden) { return; }
            if (Date.now() >= qr.expiresAt) { qrEnd('qr-expired'); return; }
            var generation = qr.generation, r;
            pollInFlight = true;
            try { r = await call('GET', '/qr'); } catch (e) { r = null; }
            pollInFlight = false;
            if (generation !== qr.generation || finished || qr.state !== 'active') { return; }
            if (!r) { backOff(0); return; }
            if (r.error === 'interaction_expired' || r.error === 'interaction_not_found') { endInteraction(); return; }
            if (r.status !== 200) { backOff(r.retryAfter); return; }
            pollDelay = 2000;
            switch (r.data.status) {
            case 'pending': say(qrStatus, t('qr-pending')); break;
            case 'scanned': say(qrStatus, t('qr-scanned'), 'success'); break;
            case 'approved':
              if (typeof r.data.redirect_to === 'string') {
                say(qrStatus, t('qr-approved'), 'success');
                succeed(r.data.redirect_to, qrStatus);
                return;
              }
              break;
            case 'denied': qrEnd('qr-denied'); return;
            case 'expired': qrEnd('qr-expired'); return;
            default: backOff(0); return;
            }
            if (qrTabShown() && !document.hidden) { schedulePoll(pollDelay); }
          }
          document.addEventListener('visibilitychange', function () {
            if (!document.hidden && qrTabShown() && pollTimer === null) { qrActivate(); }
          });
          qrRefresh.addEventListener('click', function () { qrCreate(false); });

          render();
          qrCreate(true);
        })();
        """#
}
