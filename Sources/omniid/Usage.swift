enum Usage {
    static let text = """
        usage: omniid <command> [--config FILE]

          serve [--listen HOST:PORT]     start the authorization server
          keys list                      list signing keys and their states
          keys rotate                    publish a new signing key (signs after keys.activation_delay)
          clients list                   list registered clients

        --config FILE defaults to Config/omniid.json; every command works on the same database
        and keys as a running server.
        """
}
