import Crypto
import Foundation
import MotCuaCore
import Vapor

/// Where uploaded files live: never inside the database.
protocol FileStore: Sendable {
    /// Stores the bytes and returns the key under which they can be read back.
    func store(_ bytes: [UInt8], kind: UploadedFileKind, communeID: UUID) async throws -> String
    /// Reads the bytes stored under a key.
    func read(_ key: String) async throws -> [UInt8]
    /// Removes the file stored under a key; a key with no file is not an error. The caller makes sure that nothing
    /// references the key any more, since a file is shared by every row that stored the same content.
    func delete(_ key: String) async throws
}

/// A file store in a folder, by default `MOTCUA_DATA/files`, one sub-folder per commune.
///
/// Files are named by the SHA-256 of their content, so the same scan stored twice is kept once and a file is
/// never removed because one transaction that referenced it failed: another may reference it too.
struct FolderFileStore: FileStore {
    let root: URL

    func store(_ bytes: [UInt8], kind: UploadedFileKind, communeID: UUID) async throws -> String {
        let digest = SHA256.hash(data: bytes).hexEncoded
        let key = "\(communeID.uuidString.lowercased())/\(digest.prefix(2))/\(digest).\(kind.fileExtension)"
        let url = try location(of: key)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: url.path) {
            // Write to a temporary name first so that a crash never leaves half a file under the real key.
            let temporary = url.appendingPathExtension("partial-\(UUID().uuidString)")
            try Data(bytes).write(to: temporary)
            try FileManager.default.moveItem(at: temporary, to: url)
        }
        return key
    }

    func read(_ key: String) async throws -> [UInt8] {
        Array(try Data(contentsOf: try location(of: key)))
    }

    func delete(_ key: String) async throws {
        let url = try location(of: key)
        if FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.removeItem(at: url)
        }
    }

    /// Keys are made here; anything else (a path that climbs out of the folder) is refused.
    private func location(of key: String) throws -> URL {
        guard !key.contains(".."), !key.hasPrefix("/"), key.range(of: "^[0-9a-f-]+/[0-9a-f]{2}/[0-9a-f]{64}\\.(pdf|jpg|png)$", options: .regularExpression) != nil else {
            throw AppError.notFound
        }
        return root.appendingPathComponent(key)
    }
}

extension Application {
    private struct FileStoreKey: StorageKey { typealias Value = any FileStore }

    /// The application's file store.
    var fileStore: any FileStore {
        get { storage[FileStoreKey.self] ?? FolderFileStore(root: settings.dataDirectory.appendingPathComponent("files")) }
        set { storage[FileStoreKey.self] = newValue }
    }
}
