/// Every user-visible text of the pages, per language.
///
/// Placeholders in braces (`{client}`, `{phone}`, `{seconds}`, `{attempts}`) are filled in after escaping, by
/// the renderer or, for messages the script shows, by the script through `textContent`.
public struct PageStrings: Sendable {
    public let documentTitle: String
    public let eyebrow: String
    /// "{client} would like:", introducing the list of scope descriptions.
    public let scopeIntro: String
    public let scopeMemberID: String
    public let scopePhone: String
    public let scopeStaySignedIn: String
    public let tabPhone: String
    public let tabQR: String
    public let phoneLabel: String
    public let phonePlaceholder: String
    public let codeLabel: String
    public let codePlaceholder: String
    public let sendCode: String
    public let resend: String
    public let resendIn: String
    public let sending: String
    public let signIn: String
    public let signingIn: String
    public let newMemberNote: String
    public let noScript: String
    public let footer: String

    // Messages of the status regions, shown by the script.
    public let codeSent: String
    public let phoneRequired: String
    public let codeRequired: String
    public let invalidPhone: String
    public let slowDown: String
    public let invalidOTP: String
    public let invalidOTPOneLeft: String
    public let invalidOTPNoCount: String
    public let otpExpired: String
    public let interactionExpired: String
    public let networkFailure: String
    public let serverError: String
    public let signedIn: String
    public let qrAlt: String
    public let qrLoading: String
    public let qrPending: String
    public let qrScanned: String
    public let qrApproved: String
    public let qrDenied: String
    public let qrExpired: String
    public let qrRefresh: String

    // The error page.
    public let errorTitle: String
    public let errorBody: String
    public let errorCodeLabel: String
    public let errorDetailLabel: String

    /// The human description of one requested scope; scopes without one are shown as they are (escaped by the
    /// renderer).
    public func describe(scope: String) -> String {
        switch scope {
        case "openid": return scopeMemberID
        case "phone": return scopePhone
        case "offline_access": return scopeStaySignedIn
        default: return scope
        }
    }
}

extension PageStrings {
    public static let zhHans = PageStrings(
        documentTitle: "登录",
        eyebrow: "OmniShop 会员登录",
        scopeIntro: "{client} 将获得：",
        scopeMemberID: "你的会员 ID",
        scopePhone: "你的手机号",
        scopeStaySignedIn: "保持登录状态",
        tabPhone: "验证码登录",
        tabQR: "扫码登录",
        phoneLabel: "手机号",
        phonePlaceholder: "请输入手机号",
        codeLabel: "验证码",
        codePlaceholder: "6 位数字验证码",
        sendCode: "获取验证码",
        resend: "重新发送",
        resendIn: "{seconds} 秒后重发",
        sending: "正在发送…",
        signIn: "登录",
        signingIn: "正在登录…",
        newMemberNote: "未注册的手机号验证后将自动创建会员账号",
        noScript: "请在浏览器中启用 JavaScript 后再登录。",
        footer: "由 OmniID 提供安全登录",
        codeSent: "验证码已发送至 {phone}",
        phoneRequired: "请输入手机号",
        codeRequired: "请输入 6 位数字验证码",
        invalidPhone: "手机号格式不正确，请检查后重试",
        slowDown: "操作太频繁，请 {seconds} 秒后再试",
        invalidOTP: "验证码错误，还可以再试 {attempts} 次",
        invalidOTPOneLeft: "验证码错误，还可以再试 1 次",
        invalidOTPNoCount: "验证码错误，请重新输入",
        otpExpired: "验证码已失效，请重新获取",
        interactionExpired: "本次登录已过期，请返回应用重新登录",
        networkFailure: "网络连接失败，请检查网络后重试",
        serverError: "服务暂时不可用，请稍后再试",
        signedIn: "登录成功，正在跳转…",
        qrAlt: "登录二维码",
        qrLoading: "正在生成二维码…",
        qrPending: "打开 OmniShop App，扫一扫即可登录",
        qrScanned: "已扫描，请在手机上确认登录",
        qrApproved: "已确认，正在登录…",
        qrDenied: "已在手机上取消本次登录",
        qrExpired: "二维码已过期",
        qrRefresh: "刷新二维码",
        errorTitle: "无法继续登录",
        errorBody: "发起登录的应用请求有误。为保护你的账户安全，我们没有跳转回该应用。请返回应用重试，如果问题持续，请联系客服。",
        errorCodeLabel: "错误代码",
        errorDetailLabel: "详细信息"
    )

    public static let en = PageStrings(
        documentTitle: "Sign in",
        eyebrow: "OmniShop member sign-in",
        scopeIntro: "{client} would like:",
        scopeMemberID: "your member ID",
        scopePhone: "your phone number",
        scopeStaySignedIn: "stay signed in",
        tabPhone: "Text me a code",
        tabQR: "Scan with the OmniShop app",
        phoneLabel: "Phone number",
        phonePlaceholder: "e.g. 138 0000 0000",
        codeLabel: "Verification code",
        codePlaceholder: "6-digit code",
        sendCode: "Send code",
        resend: "Resend code",
        resendIn: "Resend in {seconds}s",
        sending: "Sending…",
        signIn: "Sign in",
        signingIn: "Signing in…",
        newMemberNote: "New here? Verifying your number creates your member account.",
        noScript: "Please turn on JavaScript in your browser to sign in.",
        footer: "Secure sign-in by OmniID",
        codeSent: "We sent a code to {phone}.",
        phoneRequired: "Enter your phone number.",
        codeRequired: "Enter the 6-digit code.",
        invalidPhone: "That phone number doesn’t look right. Check it and try again.",
        slowDown: "Too many attempts. Try again in {seconds} seconds.",
        invalidOTP: "That code is incorrect. {attempts} attempts left.",
        invalidOTPOneLeft: "That code is incorrect. 1 attempt left.",
        invalidOTPNoCount: "That code is incorrect. Try again.",
        otpExpired: "This code has expired. Request a new one.",
        interactionExpired: "This sign-in has expired. Go back to the app and start again.",
        networkFailure: "Can’t reach the server. Check your connection and try again.",
        serverError: "Something went wrong on our side. Please try again in a moment.",
        signedIn: "Signed in. Taking you back…",
        qrAlt: "Sign-in QR code",
        qrLoading: "Getting a QR code…",
        qrPending: "Open the OmniShop app and scan this code to sign in.",
        qrScanned: "Scanned. Confirm the sign-in on your phone.",
        qrApproved: "Approved. Signing you in…",
        qrDenied: "The sign-in was declined on your phone.",
        qrExpired: "This QR code has expired.",
        qrRefresh: "Get a new QR code",
        errorTitle: "We can’t continue signing you in",
        errorBody:
            "The app that sent you here made a request we can’t accept, so to keep your account safe we haven’t "
            + "sent you back to it. Go back to the app and try again; if it keeps happening, contact its support.",
        errorCodeLabel: "Error code",
        errorDetailLabel: "Details"
    )
}
