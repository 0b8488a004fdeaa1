import CShims

/// How OpenSSL was set up for this process, before `main` (a constructor in `CShims`).
enum OpenSSLProcess {
    /// Whether the constructor's `OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT)` succeeded. It runs
    /// before `main` and before any of our code touches OpenSSL, so it is the first initialisation
    /// and `exit()` never runs `OPENSSL_cleanup` under threads still freeing keys and TLS contexts.
    /// (OpenSSL would also answer 1 had something initialised it earlier, so this cannot prove
    /// the order by itself.)
    static var exitCleanupDisabled: Bool { omni_openssl_exit_cleanup_disabled() == 1 }
}
