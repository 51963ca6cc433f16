import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The applicant's store of documents the desk has verified, kept for reuse in new dossiers without uploading again.
///
/// Derived from the applicant's own dossiers rather than copied: a document counts once the desk has received its
/// dossier (and the dossier is not waiting for the desk again, nor refused), so a later supplement the desk has not yet
/// checked is not in the store.
enum CitizenDocumentStore {
    struct Entry: Sendable {
        let documentID: UUID
        let name: String
        let dossierCode: String
        let verifiedAt: Date
        let file: DossierService.StoredFile
    }

    /// Verified documents of the account, newest first, one per stored file.
    static func entries(accountID: UUID, on db: any Database) async throws -> [Entry] {
        let dossierIDs = try await CitizenDossierLink.query(on: db).filter(\.$account.$id == accountID).all(\.$dossier.$id)
        guard !dossierIDs.isEmpty else { return [] }
        let unverified: [String] = [DossierStatus.new, .supplementRequested, .refused].map(\.rawValue)
        let dossiers = try await Dossier.query(on: db).filter(\.$id ~~ dossierIDs).filter(\.$receivedAt != nil).filter(\.$status !~ unverified).all()
        let byID = Dictionary(uniqueKeysWithValues: dossiers.compactMap { dossier in dossier.id.map { ($0, dossier) } })
        guard !byID.isEmpty else { return [] }
        let documents = try await DossierDocument.query(on: db).filter(\.$dossier.$id ~~ Array(byID.keys)).filter(\.$fileKey != nil).filter(\.$isReceived == true).all()
        var seen: Set<String> = []
        return documents.compactMap { document -> Entry? in
            guard let key = document.fileKey, let kind = document.fileKind.flatMap(UploadedFileKind.init(rawValue:)),
                  let dossier = byID[document.$dossier.id], let id = document.id, seen.insert(key).inserted else { return nil }
            return Entry(documentID: id, name: document.name, dossierCode: dossier.code, verifiedAt: dossier.receivedAt ?? Date(),
                         file: .init(key: key, kind: kind, name: document.fileName ?? document.name, size: document.fileSize ?? 0))
        }.sorted { $0.verifiedAt > $1.verifiedAt }
    }

    /// `GET /cong-dan/giay-to/:documentID`: one document of the account's store.
    static func download(req: Request) async throws -> Response {
        let identity = try await CitizenAuth.require(req)
        let documentID = try req.uuidParameter(SiteURL.Key.documentID)
        guard let entry = try await entries(accountID: identity.accountID, on: req.db).first(where: { $0.documentID == documentID }) else { throw AppError.notFound }
        let bytes = try await req.application.fileStore.read(entry.file.key)
        let response = Response(status: .ok, body: .init(data: Data(bytes)))
        let parts = entry.file.kind.mediaType.split(separator: "/").map(String.init)
        response.headers.contentType = HTTPMediaType(type: parts[0], subType: parts[1])
        response.headers.setContentDisposition(.inline, fileName: "giay-to-\(documentID.uuidString.prefix(8)).\(entry.file.kind.fileExtension)")
        return response
    }
}

/// Where the applicant's messages point for an online dossier: the receipt (form 01) and the account's dossier page.
enum CitizenLinks {
    /// The path a message about `action` links to: for online dossiers the applicant's own pages, else the public lookup.
    static func messagePath(for action: DossierAction, dossier: Dossier) -> String {
        guard dossier.channel == IntakeChannel.online.rawValue else { return SiteURL.publicLookup(.value(dossier.code)).path }
        switch action {
        case .receive, .provideSupplement: return SiteURL.citizenReceipt(.value(dossier.code)).path
        case .returnResult: return SiteURL.publicLookup(.value(dossier.code)).path
        default: return SiteURL.citizenDossier(.value(dossier.code)).path
        }
    }
}

/// Which citizen routes accept scans, for the body limit that the CSRF check reads forms with.
enum CitizenUploads {
    static func acceptsScans(_ path: String) -> Bool {
        (path.hasPrefix("/cong-dan/nop-ho-so/") && path.split(separator: "/").count == 4)
            || (path.hasPrefix("/cong-dan/ho-so/") && path.hasSuffix("/bo-sung"))
    }
}
