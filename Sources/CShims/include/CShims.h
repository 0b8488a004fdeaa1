#ifndef OMNIID_CSHIMS_H
#define OMNIID_CSHIMS_H
// Macros and variadic functions Swift cannot import, wrapped as plain functions.
#include <sqlite3.h>
#include <stddef.h>

/// SQLITE_TRANSIENT is a cast macro: SQLite copies the bound bytes before returning.
sqlite3_destructor_type omni_sqlite_transient(void);

/// sqlite3_config is variadic; these are the two calls we need before any connection opens.
int omni_sqlite_config_multithread(void);

/// OPENSSL_free is a macro around CRYPTO_free.
void omni_openssl_free(void *ptr);

/// 1 if OpenSSL was initialised before main with OPENSSL_INIT_NO_ATEXIT (no OPENSSL_cleanup racing other threads
/// at exit), 0 if that first initialisation failed.
int omni_openssl_exit_cleanup_disabled(void);

/// fcntl is variadic: set O_NONBLOCK on a descriptor; returns 0 or -1 with errno set.
int omni_set_nonblocking(int fd);

/// The calling thread's errno, read right after a failed call.
int omni_errno(void);

// OmniHTTP: epoll, eventfd and accept4 live in headers the Glibc module does not export.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

/// accept4 needs _GNU_SOURCE: accept a connection as non-blocking and close-on-exec.
int omni_accept_nonblocking(int fd, struct sockaddr *addr, socklen_t *len);

/// Route `signo` to a self-pipe (async-signal-safe handler writing the signal number as one byte)
/// and return the pipe's read end, shared by every signal routed this way; -1 with errno on failure.
int omni_signal_pipe(int signo);

// OmniHTTP's client: OpenSSL's SSL_CTX/SSL controls are macros around SSL_ctrl. Declared on the opaque structs so
// this header needs no OpenSSL include.
struct ssl_ctx_st;
struct ssl_st;

/// TLS 1.2 as the minimum version, partial writes and a write buffer that may move between retries (our
/// non-blocking writes); returns 1 on success.
int omni_ssl_ctx_client_defaults(struct ssl_ctx_st *ctx);

/// SSL_set_tlsext_host_name: the SNI host name sent in the ClientHello; returns 1 on success.
int omni_ssl_set_sni(struct ssl_st *ssl, const char *name);
#endif
