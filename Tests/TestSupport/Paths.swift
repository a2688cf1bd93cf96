import Foundation

/// The package's folder, and its lessons.
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
public let lessonsFolder = packageRoot.appendingPathComponent("lessons").path
