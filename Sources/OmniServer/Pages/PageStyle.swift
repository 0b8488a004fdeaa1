/// The inline stylesheet of every page: mobile first, system fonts, no external resources.
///
/// Colours meet WCAG 2.2 contrast (text ≥ 4.5:1, borders and focus rings ≥ 3:1) in both colour schemes.
enum PageStyle {
    static let css = #"""
        :root {
          --bg: #f4f1ee; --card: #ffffff; --text: #1c1917; --muted: #57534e; --line: #78716c;
          --soft: #f5f5f4; --accent: #c2410c; --accent-strong: #9a3412; --on-accent: #ffffff;
          --focus: #1d4ed8; --error: #b91c1c; --ok: #15803d;
          --shadow: 0 1px 2px rgb(28 25 23 / 6%), 0 12px 32px rgb(28 25 23 / 10%);
          color-scheme: light dark;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #0c0a09; --card: #1c1917; --text: #f5f5f4; --muted: #d6d3d1; --line: #a8a29e;
            --soft: #292524; --accent: #fb923c; --accent-strong: #fdba74; --on-accent: #1c1917;
            --focus: #93c5fd; --error: #fca5a5; --ok: #86efac; --shadow: none;
          }
        }
        *, *::before, *::after { box-sizing: border-box; }
        [hidden] { display: none !important; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body {
          margin: 0; min-height: 100vh; min-height: 100dvh; background: var(--bg); color: var(--text);
          font: 16px/1.5 system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
            "Noto Sans CJK SC", "Noto Sans SC", "Segoe UI", Roboto, sans-serif;
          display: flex; align-items: flex-start; justify-content: center;
          padding: max(16px, env(safe-area-inset-top)) 16px 24px;
        }
        .card {
          width: 100%; max-width: 420px; background: var(--card); border-radius: 20px;
          padding: 24px 20px 20px; box-shadow: var(--shadow);
        }
        @media (min-width: 480px) {
          body { align-items: center; padding: 48px 24px; }
          .card { padding: 36px 36px 24px; }
        }
        .brand { display: flex; align-items: center; gap: 14px; margin-bottom: 20px; }
        .monogram {
          flex: none; width: 52px; height: 52px; border-radius: 14px; display: grid; place-items: center;
          background: var(--accent); color: var(--on-accent); font-size: 26px; font-weight: 700;
        }
        .eyebrow { margin: 0; color: var(--muted); font-size: 14px; }
        h1 { margin: 0; font-size: 24px; line-height: 1.25; font-weight: 700; overflow-wrap: anywhere; }
        .intro { margin: 0 0 8px; color: var(--muted); font-size: 15px; overflow-wrap: anywhere; }
        .intro strong { color: var(--text); font-weight: 600; }
        .scopes { list-style: none; margin: 0 0 20px; padding: 0; display: flex; flex-wrap: wrap; gap: 8px; }
        .scopes li {
          background: var(--soft); border-radius: 999px; padding: 4px 12px 4px 10px; font-size: 14px;
          overflow-wrap: anywhere;
        }
        .scopes li::before { content: "✓"; color: var(--ok); font-weight: 700; margin-right: 6px; }
        .tabs {
          display: flex; gap: 4px; padding: 4px; margin-bottom: 20px; background: var(--soft); border-radius: 12px;
        }
        .tabs [role="tab"] {
          flex: 1 1 0; min-height: 44px; border: 0; border-radius: 9px; background: transparent; color: var(--muted);
          font: inherit; font-size: 15px; font-weight: 600; padding: 6px 8px; cursor: pointer; line-height: 1.25;
          text-wrap: balance;
        }
        .tabs [role="tab"][aria-selected="true"] {
          background: var(--card); color: var(--text); box-shadow: 0 1px 3px rgb(0 0 0 / 15%);
        }
        label { display: block; font-weight: 600; font-size: 15px; margin: 0 0 6px; }
        input {
          display: block; width: 100%; min-height: 52px; padding: 12px 14px; font: inherit; font-size: 18px;
          color: var(--text); background: var(--card); border: 1.5px solid var(--line); border-radius: 12px;
          letter-spacing: 0.02em;
        }
        input::placeholder { color: var(--muted); opacity: 1; letter-spacing: 0; }
        input[aria-invalid="true"] { border-color: var(--error); }
        input[readonly] { background: var(--soft); }
        #code { letter-spacing: 0.3em; font-variant-numeric: tabular-nums; }
        #code::placeholder { letter-spacing: 0; }
        button {
          font: inherit; font-weight: 600; min-height: 52px; border-radius: 12px; cursor: pointer;
          padding: 12px 18px; touch-action: manipulation;
        }
        button:disabled { cursor: not-allowed; opacity: 0.6; }
        .primary, .secondary { display: block; width: 100%; margin-top: 12px; font-size: 17px; }
        .primary { background: var(--accent); color: var(--on-accent); border: 0; }
        .primary:hover:not(:disabled) { background: var(--accent-strong); }
        .secondary { background: var(--card); color: var(--accent-strong); border: 1.5px solid var(--line); }
        :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
        input:focus-visible { outline-offset: 0; border-color: var(--focus); }
        #phone-form.sent .row { display: flex; gap: 8px; align-items: stretch; }
        #phone-form.sent .row input { flex: 1 1 auto; min-width: 0; }
        #phone-form.sent #send-code {
          flex: none; width: auto; margin-top: 0; font-size: 15px; padding: 8px 12px; white-space: nowrap;
          background: var(--card); color: var(--accent-strong); border: 1.5px solid var(--line);
          font-variant-numeric: tabular-nums;
        }
        #phone-form.sent #send-code:disabled { opacity: 1; color: var(--muted); background: var(--soft); }
        #code-form { margin-top: 16px; }
        .status { min-height: 1.5em; margin: 12px 0 0; font-size: 15px; }
        .status[data-kind="error"] { color: var(--error); font-weight: 600; }
        .status[data-kind="success"] { color: var(--ok); font-weight: 600; }
        .note { margin: 8px 0 0; color: var(--muted); font-size: 13px; }
        .qr-frame {
          display: grid; place-items: center; width: 232px; height: 232px; margin: 4px auto 0; padding: 12px;
          background: #ffffff; border: 1.5px solid var(--line); border-radius: 16px;
        }
        .qr-frame img { display: block; width: 208px; height: 208px; }
        .qr-frame.stale img { opacity: 0.2; }
        #panel-qr .status { text-align: center; }
        .footer {
          margin-top: 24px; padding-top: 16px; border-top: 1px solid var(--soft); color: var(--muted);
          font-size: 13px; text-align: center;
        }
        .error-title { margin: 0 0 8px; font-size: 20px; line-height: 1.3; }
        .error-code {
          margin: 16px 0 0; padding: 12px 14px; background: var(--soft); border-radius: 12px; font-size: 14px;
          overflow-wrap: anywhere;
        }
        .error-code dt { color: var(--muted); }
        .error-code dd { margin: 0 0 8px; font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; }
        .error-code dd:last-child { margin-bottom: 0; }
        @media (prefers-reduced-motion: no-preference) {
          button, input, .tabs [role="tab"] { transition: background-color 0.15s, border-color 0.15s; }
        }
        """#
}
