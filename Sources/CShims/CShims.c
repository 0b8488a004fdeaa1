#include "CShims.h"
#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>

sqlite3_destructor_type omni_sqlite_transient(void) { return SQLITE_TRANSIENT; }

int omni_sqlite_config_multithread(void) { return sqlite3_config(SQLITE_CONFIG_MULTITHREAD); }

void omni_openssl_free(void *ptr) { OPENSSL_free(ptr); }

int omni_set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

int omni_errno(void) { return errno; }
