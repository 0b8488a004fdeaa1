import CShims

/// How OpenSSL was set up for this process, before `main` (a constructor in `CShims`).
enum OpenSSLProcess {
    /// Whether OpenSSL's first initialisation passed `OPENSSL_INIT_NO_ATEXIT`, so `exit()` never runs
    /// `OPENSSL_cleanup` under threads still freeing keys and TLS contexts.
    static var exitCleanupDisabled: Bool { omni_openssl_exit_cleanup_disabled() == 1 }
}
