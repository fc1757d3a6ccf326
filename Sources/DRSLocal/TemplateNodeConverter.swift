import JSONCore
import Yams

/// Turns a composed YAML tree into `JSONValue`, rewriting CloudFormation's short-form tags
/// (`!Sub x`) into their long form (`{"Fn::Sub": x}`) so the resolver handles one spelling.
enum TemplateNodeConverter {
    /// Short-form tags and the long-form key each stands for.
    static let shortForms: [String: String] = [
        "!Ref": "Ref",
        "!Condition": "Condition",
        "!Sub": "Fn::Sub",
        "!GetAtt": "Fn::GetAtt",
        "!Join": "Fn::Join",
        "!Select": "Fn::Select",
        "!Split": "Fn::Split",
        "!If": "Fn::If",
        "!Equals": "Fn::Equals",
        "!Not": "Fn::Not",
        "!And": "Fn::And",
        "!Or": "Fn::Or",
        "!FindInMap": "Fn::FindInMap",
        "!Base64": "Fn::Base64",
        "!GetAZs": "Fn::GetAZs",
        "!ImportValue": "Fn::ImportValue",
        "!Cidr": "Fn::Cidr",
        "!Length": "Fn::Length",
        "!ToJsonString": "Fn::ToJsonString",
    ]

    static func convert(_ node: Node) throws -> JSONValue {
        let tag = node.tag.description
        let plain = try convertUntagged(node)
        guard tag.hasPrefix("!") else { return plain }
        guard let longForm = shortForms[tag] else {
            throw TemplateError(.invalidIntrinsic, "unknown tag \(tag)\(location(node))")
        }
        // `!GetAtt Resource.Attribute` is the one short form whose scalar splits into a list.
        if longForm == "Fn::GetAtt", case .string(let text) = plain {
            guard let dot = text.firstIndex(of: ".") else {
                throw TemplateError(.invalidIntrinsic, "!GetAtt \(text) needs Resource.Attribute\(location(node))")
            }
            return .object([
                longForm: .array([.string(String(text[..<dot])), .string(String(text[text.index(after: dot)...]))])
            ])
        }
        return .object([longForm: plain])
    }

    /// The node's value ignoring a custom tag on the node itself (nested tags still apply).
    private static func convertUntagged(_ node: Node) throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            return scalarValue(scalar, tag: node.tag.description)
        case .sequence(let sequence):
            return .array(try sequence.map(convert))
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard let name = key.string else {
                    throw TemplateError(.invalidYAML, "mapping key is not a scalar\(location(key))")
                }
                object[name] = try convert(value)
            }
            return .object(object)
        case .alias:
            // Yams' composer substitutes anchored nodes for aliases, so none reach here.
            return .null
        }
    }

    private static func scalarValue(_ scalar: Node.Scalar, tag: String) -> JSONValue {
        let node = Node.scalar(scalar)
        switch tag {
        case "tag:yaml.org,2002:int":
            if let value = node.int { return .int(value) }
        case "tag:yaml.org,2002:float":
            if let value = node.float { return .double(value) }
        case "tag:yaml.org,2002:bool":
            if let value = node.bool { return .bool(value) }
        case "tag:yaml.org,2002:null":
            return .null
        default:
            break
        }
        return .string(scalar.string)
    }

    static func location(_ node: Node) -> String {
        guard let mark = node.mark else { return "" }
        return " (line \(mark.line), column \(mark.column))"
    }
}
