import Foundation
import MotCuaCore
import Vapor

/// A link of the navigation bar.
struct NavigationLink: Encodable, Sendable {
    let label: String
    let href: String
    let isCurrent: Bool
}

/// What the shared layout needs on every page: title, who is signed in, navigation and the form token.
struct PageContext: Encodable, Sendable {
    struct SignedIn: Encodable, Sendable {
        let fullName: String
        let roleName: String
        let unitName: String
    }

    let title: String
    let signedIn: SignedIn?
    /// A citizen is signed in (and no officer): the header offers their account and sign-out, not the officers' sign-in.
    let citizenSignedIn: Bool
    let citizenAccountPath: String
    let citizenSignOutPath: String
    let navigation: [NavigationLink]
    let csrfToken: String
    let signOutPath: String
    let signInPath: String
    let homePath: String
    let notice: String?

    /// The layout context of a page for the signed-in officer (or a visitor).
    static func make(for request: Request, title: String, notice: String? = nil) async throws -> PageContext {
        var signedIn: SignedIn?
        var citizenSignedIn = false
        if let staff = request.staff {
            signedIn = SignedIn(
                fullName: staff.fullName, roleName: staff.primaryRole.vietnameseName,
                unitName: try await unitName(of: staff, on: request)
            )
        } else {
            citizenSignedIn = try await CitizenAuth.identity(of: request) != nil
        }
        return PageContext(
            title: title, signedIn: signedIn, citizenSignedIn: citizenSignedIn,
            citizenAccountPath: SiteURL.citizenAccount.path, citizenSignOutPath: SiteURL.citizenSignOut.path,
            navigation: navigation(for: request), csrfToken: request.csrfToken,
            signOutPath: SiteURL.signOut.path, signInPath: SiteURL.signIn.path, homePath: SiteURL.home.path,
            notice: notice ?? request.query[String.self, at: "thongbao"].flatMap(Notice.message(for:))
        )
    }

    /// A layout context that needs no database, for error pages.
    static func minimal(for request: Request, title: String) -> PageContext {
        PageContext(
            title: title, signedIn: nil, citizenSignedIn: false,
            citizenAccountPath: SiteURL.citizenAccount.path, citizenSignOutPath: SiteURL.citizenSignOut.path,
            navigation: navigation(for: request), csrfToken: request.csrfToken,
            signOutPath: SiteURL.signOut.path, signInPath: SiteURL.signIn.path, homePath: SiteURL.home.path, notice: nil
        )
    }

    private static func unitName(of staff: StaffIdentity, on request: Request) async throws -> String {
        if let communeID = staff.communeID, let commune = try await Commune.find(communeID, on: request.db) {
            return commune.fullName
        }
        return try await Province.find(staff.provinceID, on: request.db).map { "Tỉnh \($0.name)" } ?? ""
    }

    private static func navigation(for request: Request) -> [NavigationLink] {
        guard let staff = request.staff else {
            return [("Tra cứu hồ sơ", SiteURL.lookup), ("Nộp hồ sơ trực tuyến", SiteURL.citizenAccount), ("Lịch", SiteURL.calendarMonth)].map {
                NavigationLink(label: $0.0, href: $0.1.path, isCurrent: request.url.path == $0.1.path)
            }
        }
        var links: [(String, SiteURL)] = [("Trang làm việc", .workspace)]
        if staff.communeID != nil || staff.scope.isProvinceWide {
            links.append(("Việc cần làm", .workQueue))
        }
        if staff.has(.counterOfficer) {
            links.append(("Tiếp nhận", .intake))
        }
        if staff.communeID != nil, staff.hasAny([.counterOfficer, .communeLeader, .systemAdministrator]) {
            links.append(("Quầy", .floorCounters))
        }
        links.append(("Thủ tục", .procedures))
        links.append(("Báo cáo", .reports))
        if staff.hasAny([.communeLeader, .systemAdministrator, .provinceOffice]) {
            links.append(("Phản ánh", .feedbackList))
        }
        if staff.has(.systemAdministrator) {
            links += [("Xã, phường", .communes), ("Phòng ban", .departments), ("Cán bộ", .officers), ("Nhật ký", .auditJournal)]
            if staff.isProvinceAdministrator { links.append(("Đồng bộ DVCQG", .portalSync)) }
        } else if staff.has(.provinceOffice) {
            links += [("Xã, phường", .communes)]
        }
        if staff.communeID != nil || staff.scope.isProvinceWide {
            links.append(("Kế hoạch, chỉ đạo", .communeWork(.directives)))
        }
        if ResourceDuties(staff: staff).mayView {
            links.append(("Tài sản, ngân sách", .communeResources(.home)))
        }
        if staff.hasAny(FaultReportStaff.viewingRoles) {
            links.append(("Sự cố hạ tầng", .publicServices(.queue)))
        }
        if staff.keepsDutyRoster {
            links.append(("Trực ban", .dutyRoster))
        }
        links.append(("Lịch nghỉ", .schedules))
        links.append(("Đổi mật khẩu", .changePassword))
        let currentPath = request.url.path
        return links.map { label, url in
            NavigationLink(label: label, href: url.path, isCurrent: currentPath == url.path || (url.path != "/" && currentPath.hasPrefix(url.path + "/")))
        }
    }
}

/// Short confirmations passed through a redirect as `?thongbao=…`, so that no user text is echoed from the address.
enum Notice: String {
    case saved = "da-luu"
    case created = "da-tao"
    case passwordChanged = "da-doi-mat-khau"
    case unlocked = "da-mo-khoa"
    case passwordReset = "da-dat-lai-mat-khau"
    case signedOut = "da-dang-xuat"
    case rated = "da-danh-gia"
    case submittedOnline = "da-nop"
    case supplementSent = "da-bo-sung"
    case stopRequested = "da-de-nghi-dung"
    case accountConfirmed = "da-xac-nhan"
    case codeResent = "da-gui-lai-ma"
    case signInUnlocked = "da-mo-khoa-dang-nhap"

    static func message(for raw: String) -> String? {
        switch Notice(rawValue: raw) {
        case .saved: "Đã lưu thay đổi."
        case .created: "Đã tạo mới."
        case .passwordChanged: "Đã đổi mật khẩu."
        case .unlocked: "Đã mở khoá tài khoản."
        case .passwordReset: "Đã đặt lại mật khẩu."
        case .signedOut: "Bạn đã đăng xuất."
        case .rated: "Cảm ơn ông/bà đã đánh giá."
        case .submittedOnline: "Đã gửi hồ sơ. Bộ phận một cửa sẽ kiểm tra và báo kết quả qua tin nhắn."
        case .supplementSent: "Đã gửi giấy tờ bổ sung. Bộ phận một cửa sẽ kiểm tra lại hồ sơ."
        case .stopRequested: "Đã gửi đề nghị dừng hồ sơ. Bộ phận một cửa sẽ xem xét và báo lại."
        case .accountConfirmed: "Tài khoản đã được xác nhận."
        case .codeResent: "Đã gửi mã xác nhận mới."
        case .signInUnlocked: "Đã mở khoá đăng nhập cho máy này. Vui lòng đăng nhập."
        case nil: nil
        }
    }

    /// The path with this notice attached.
    func appended(to path: String) -> String { path + "?thongbao=" + rawValue }
}

/// Formats times and dates the Vietnamese way, in Vietnam's time zone.
enum VietnameseFormat {
    private static let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600)!

    /// `yyyy-MM-ddTHH:mm` in Vietnam time, the value of a `datetime-local` field.
    static func inputDateTime(_ date: Date) -> String {
        guard let local = LocalDateTime(date) else { return "" }
        return String(format: "%@T%02d:%02d", local.date.isoString, local.hour, local.minute)
    }

    /// The instant of a `datetime-local` value read as Vietnam time, or `nil` when it is not one.
    static func parseInputDateTime(_ text: String) -> Date? {
        let parts = text.split(separator: "T", maxSplits: 1).map(String.init)
        guard parts.count == 2, let date = CivilDate(isoString: parts[0]) else { return nil }
        let clock = parts[1].split(separator: ":").map { Int($0) }
        guard clock.count >= 2, let hour = clock[0], let minute = clock[1],
              let local = LocalDateTime(date: date, hour: hour, minute: minute) else { return nil }
        return local.instant
    }

    /// `dd/MM/yyyy HH:mm` in Vietnam time.
    static func dateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%02d/%02d/%04d %02d:%02d", parts.day ?? 0, parts.month ?? 0, parts.year ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }
}

/// The problems of a submitted form, as a page shows them.
///
/// `any` is sent along because Leaf treats every list as true, empty or not.
struct FormErrors: Encodable, Sendable {
    let messages: [String]
    let any: Bool

    init(_ messages: [String]) {
        self.messages = messages
        self.any = !messages.isEmpty
    }
}
