#define _GNU_SOURCE
#include "CShims.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include <openssl/ssl.h>

sqlite3_destructor_type omni_sqlite_transient(void) { return SQLITE_TRANSIENT; }

int omni_sqlite_config_multithread(void) { return sqlite3_config(SQLITE_CONFIG_MULTITHREAD); }

void omni_openssl_free(void *ptr) { OPENSSL_free(ptr); }

// OpenSSL's first initialisation registers OPENSSL_cleanup with atexit(). exit() then frees OpenSSL's global state
// (locks, ex_data, providers) while other threads still run: the HTTP client's loop thread freeing its SSL_CTX as
// `omniid serve` returned crashed in CRYPTO_free_ex_data on a lock cleanup had freed. OPENSSL_INIT_NO_ATEXIT on the
// very first call opts out (OpenSSL 1.1.1b and later); the kernel reclaims the memory at exit. A constructor runs
// before main and before any Swift code, in the server and in every test binary alike.
static int omni_openssl_no_atexit_result = 0;

__attribute__((constructor)) static void omni_openssl_init_without_atexit(void) {
    omni_openssl_no_atexit_result = OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
}

int omni_openssl_exit_cleanup_disabled(void) { return omni_openssl_no_atexit_result; }

int omni_set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

int omni_errno(void) { return errno; }

int omni_accept_nonblocking(int fd, struct sockaddr *addr, socklen_t *len) {
    return accept4(fd, addr, len, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

static int omni_signal_pipe_fds[2] = {-1, -1};

static void omni_signal_pipe_handler(int signo) {
    int saved = errno;
    unsigned char byte = (unsigned char)signo;
    ssize_t ignored = write(omni_signal_pipe_fds[1], &byte, 1);
    (void)ignored;
    errno = saved;
}

int omni_signal_pipe(int signo) {
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&lock);
    if (omni_signal_pipe_fds[0] < 0 && pipe2(omni_signal_pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0) {
        pthread_mutex_unlock(&lock);
        return -1;
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = omni_signal_pipe_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    int result = sigaction(signo, &action, NULL) == 0 ? omni_signal_pipe_fds[0] : -1;
    pthread_mutex_unlock(&lock);
    return result;
}

int omni_ssl_ctx_client_defaults(SSL_CTX *ctx) {
    if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1) return 0;
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    return 1;
}

int omni_ssl_set_sni(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}
