/// The parts every page shares: the card's header with its monogram, and the footer.
enum PageChrome {
    /// The header: a monogram of the title's first letter, a small line above the title, and the title.
    static func header(clientName: String, eyebrow: String) -> String {
        let monogram = clientName.first.map { String($0).uppercased() } ?? "O"
        return """
            <header class="brand">
            <div class="monogram" aria-hidden="true">\(HTML.escape(monogram))</div>
            <div><p class="eyebrow">\(HTML.escape(eyebrow))</p><h1>\(HTML.escape(clientName))</h1></div>
            </header>
            """
    }

    static func footer(_ text: String) -> String {
        "<footer class=\"footer\">\(HTML.escape(text))</footer>"
    }
}
