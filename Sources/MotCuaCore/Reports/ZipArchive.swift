import Foundation

/// A ZIP archive of stored (uncompressed) entries with CRC-32 checks, enough for an Office Open XML package.
///
/// Layout per PKWARE APPNOTE 6.3: local file headers with the data, then the central directory and its end record.
/// File names are UTF-8 (general purpose flag bit 11).
public struct ZipArchive: Sendable {
    private var entries: [(name: [UInt8], data: [UInt8], crc: UInt32, offset: UInt32)] = []
    private var bytes: [UInt8] = []

    /// An empty archive.
    public init() {}

    /// Adds one file.
    public mutating func add(_ name: String, _ data: [UInt8]) {
        let nameBytes = Array(name.utf8)
        let crc = CRC32.checksum(data)
        let offset = UInt32(bytes.count)
        append32(0x0403_4b50)
        append16(20)            // version needed: 2.0
        append16(0x0800)        // UTF-8 names
        append16(0)             // stored
        append16(0); append16(0x21) // time 00:00, date 1980-01-01
        append32(crc)
        append32(UInt32(data.count)); append32(UInt32(data.count))
        append16(UInt16(nameBytes.count)); append16(0)
        bytes += nameBytes
        bytes += data
        entries.append((nameBytes, data, crc, offset))
    }

    /// The archive's bytes, with its central directory.
    public func finished() -> [UInt8] {
        var archive = self
        let directoryStart = UInt32(archive.bytes.count)
        for entry in entries {
            archive.append32(0x0201_4b50)
            archive.append16(20); archive.append16(20)
            archive.append16(0x0800); archive.append16(0)
            archive.append16(0); archive.append16(0x21)
            archive.append32(entry.crc)
            archive.append32(UInt32(entry.data.count)); archive.append32(UInt32(entry.data.count))
            archive.append16(UInt16(entry.name.count))
            archive.append16(0); archive.append16(0); archive.append16(0); archive.append16(0)
            archive.append32(0)
            archive.append32(entry.offset)
            archive.bytes += entry.name
        }
        let directorySize = UInt32(archive.bytes.count) - directoryStart
        archive.append32(0x0605_4b50)
        archive.append16(0); archive.append16(0)
        archive.append16(UInt16(entries.count)); archive.append16(UInt16(entries.count))
        archive.append32(directorySize); archive.append32(directoryStart)
        archive.append16(0)
        return archive.bytes
    }

    private mutating func append16(_ value: UInt16) { bytes += [UInt8(value & 0xff), UInt8(value >> 8)] }
    private mutating func append32(_ value: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((value >> UInt32(shift)) & 0xff)) } }
}

/// CRC-32 as ZIP and PNG use it (polynomial 0xEDB88320, reflected).
public enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    /// The checksum of the bytes.
    public static func checksum(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xff)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
