import Vapor

/// Who may open a page that other pages link to, said once: the page's handler refuses everyone else with 403, and a
/// page that links to it asks the same rule before offering the link, so that nobody is offered a page they may not open.
struct PageAccess: Sendable {
    /// Whether the officer may open the page.
    let allows: @Sendable (StaffIdentity) -> Bool
}

extension StaffIdentity {
    /// Whether this officer may open a page guarded by `access`.
    func mayOpen(_ access: PageAccess) -> Bool { access.allows(self) }
}

extension Request {
    /// The signed-in officer if `access` lets them in; otherwise a 401 (not signed in) or a 403.
    @discardableResult
    func requireAccess(_ access: PageAccess) throws -> StaffIdentity {
        let staff = try requireStaff()
        guard staff.mayOpen(access) else { throw AppError.forbidden }
        return staff
    }
}
