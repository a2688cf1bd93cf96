import Foundation

/// xterm.js as this machine's Debian packages install it, served to the browser terminals with
/// no network: `libjs-xterm`'s browser build when it is a whole one, else the CommonJS modules
/// of `node-xterm` (Debian 12 ships only those whole) joined into one script with a loader of a
/// dozen lines.
public struct XtermAssets: Sendable {
    public let script: String
    public let css: String
    /// Where they were read from (said at start-up).
    public let source: String

    public static let browserFolder = "/usr/share/javascript/xterm"
    public static let nodeFolder = "/usr/share/nodejs/xterm/lib"

    /// Reads them, or says which package to install.
    public static func load(browser: String = browserFolder, node: String = nodeFolder) throws -> XtermAssets {
        let fm = FileManager.default
        let css = fm.contents(atPath: browser + "/xterm.css") ?? fm.contents(atPath: node + "/xterm.css")
        guard let css else {
            throw XtermError.missing("xterm.css is in neither \(browser) nor \(node): install libjs-xterm (apt-get install libjs-xterm node-xterm)")
        }
        // A real browser build is hundreds of KiB; Debian 12's is a stub that requires modules it does not ship.
        if let bundle = fm.contents(atPath: browser + "/xterm.js"), bundle.count > 100_000 {
            return XtermAssets(
                script: String(decoding: bundle, as: UTF8.self) + "\nwindow.xtermFit = null;\n", css: String(decoding: css, as: UTF8.self),
                source: browser + "/xterm.js")
        }
        guard let enumerator = fm.enumerator(atPath: node) else {
            throw XtermError.missing("\(node) is missing: install node-xterm (apt-get install node-xterm), whose modules the terminal page is built from")
        }
        var modules: [(String, String)] = []
        while let path = enumerator.nextObject() as? String {
            guard path.hasSuffix(".js"), !path.hasSuffix(".test.js"), let data = fm.contents(atPath: node + "/" + path) else { continue }
            let source = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("//# sourceMappingURL=") }.joined(separator: "\n")
            modules.append((String(path.dropLast(3)), source))
        }
        // Debian links addons/ to libjs-xterm's folder; the enumeration does not follow links.
        if !modules.contains(where: { $0.0 == "addons/fit/fit" }), let fit = fm.contents(atPath: node + "/addons/fit/fit.js") {
            modules.append(("addons/fit/fit", String(decoding: fit, as: UTF8.self)))
        }
        guard modules.contains(where: { $0.0 == "public/Terminal" }) else {
            throw XtermError.missing("\(node) has no public/Terminal.js: install node-xterm (apt-get install node-xterm)")
        }
        var script = """
            // xterm.js \(node), joined for the browser.
            (function () {
              var defs = {}, cache = {};
              function resolve(from, request) {
                var parts = from.split('/'); parts.pop();
                request.replace(/\\.js$/, '').split('/').forEach(function (p) { if (p === '..') parts.pop(); else if (p !== '.') parts.push(p); });
                return parts.join('/');
              }
              function load(name) {
                if (cache[name]) return cache[name].exports;
                var fn = defs[name] || defs[name + '/index'];
                if (!fn) throw new Error('xterm: no module ' + name);
                var module = {exports: {}};
                cache[name] = module;
                fn(function (request) { return load(resolve(name, request)); }, module, module.exports);
                return module.exports;
              }

            """
        for (name, source) in modules.sorted(by: { $0.0 < $1.0 }) {
            script += "defs[\(Self.jsString(name))] = function (require, module, exports) {\n\(source)\n};\n"
        }
        script += "window.Terminal = load('public/Terminal').Terminal;\nwindow.xtermFit = defs['addons/fit/fit'] ? load('addons/fit/fit') : null;\n})();\n"
        return XtermAssets(script: script, css: String(decoding: css, as: UTF8.self), source: node)
    }

    static func jsString(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}

public enum XtermError: Error, CustomStringConvertible {
    case missing(String)
    public var description: String {
        switch self {
        case .missing(let s): s
        }
    }
}
