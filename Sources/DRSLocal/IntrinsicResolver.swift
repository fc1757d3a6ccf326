import Foundation
import JSONCore

/// Evaluates CloudFormation intrinsic functions over a template converted to `JSONValue`, the way
/// a deployed stack would see them: parameters take their `Default` unless overridden, pseudo
/// parameters take local values, and references to resources become the names and ARNs that a
/// deployment with those names would have.
struct IntrinsicResolver {
    var parameters: [String: JSONValue]
    var resources: [String: JSONValue]
    var conditions: [String: JSONValue]
    var mappings: [String: JSONValue]
    var region: String
    var accountID: String
    var stackName: String
    /// The `apiId` every `AWS::Serverless::Api` resolves to; the emulator serves them all on one port.
    var apiID: String

    /// Recursion guard: a resource name defined through a chain of `!Sub`s is fine, a cycle is not.
    private static let maximumDepth = 32

    /// The resolved value; nil when it resolves to `AWS::NoValue` (the property is then absent).
    func resolve(_ value: JSONValue) throws -> JSONValue? {
        try resolve(value, depth: 0)
    }

    /// The resolved value as text, as CloudFormation passes scalars to string properties.
    func resolveString(_ value: JSONValue, _ what: @autoclosure () -> String) throws -> String? {
        guard let resolved = try resolve(value) else { return nil }
        switch resolved {
        case .array, .object:
            throw TemplateError(.invalidProperty, "\(what()) must be a string, not \(resolved.jsonText)")
        default:
            return resolved.scalarText
        }
    }

    private func resolve(_ value: JSONValue, depth: Int) throws -> JSONValue? {
        guard depth < Self.maximumDepth else {
            throw TemplateError(.invalidIntrinsic, "references nest too deeply (a cycle?)")
        }
        switch value {
        case .array(let elements):
            return .array(try elements.compactMap { try resolve($0, depth: depth + 1) })
        case .object(let members):
            if members.count == 1, let (key, argument) = members.first,
                key == "Ref" || key == "Condition" || key.hasPrefix("Fn::")
            {
                return try evaluate(key, argument, depth: depth + 1)
            }
            var resolved: [String: JSONValue] = [:]
            for (key, member) in members {
                if let value = try resolve(member, depth: depth + 1) { resolved[key] = value }
            }
            return .object(resolved)
        default:
            return value
        }
    }

    private func evaluate(_ function: String, _ argument: JSONValue, depth: Int) throws -> JSONValue? {
        switch function {
        case "Ref":
            guard case .string(let name) = argument else { throw invalid(function, argument) }
            return try reference(name, depth: depth)
        case "Condition":
            guard case .string(let name) = argument else { throw invalid(function, argument) }
            return .bool(try condition(named: name, depth: depth))
        case "Fn::Sub":
            return .string(try substitute(argument, depth: depth))
        case "Fn::GetAtt":
            return .string(try attribute(argument, depth: depth))
        case "Fn::Join":
            guard case .array(let parts) = argument, parts.count == 2, case .string(let separator) = parts[0],
                case .array(let list)? = try resolve(parts[1], depth: depth)
            else { throw invalid(function, argument) }
            return .string(list.compactMap(\.scalarText).joined(separator: separator))
        case "Fn::Select":
            guard case .array(let parts) = argument, parts.count == 2,
                let index = try resolve(parts[0], depth: depth)?.intValue,
                case .array(let list)? = try resolve(parts[1], depth: depth), list.indices.contains(index)
            else { throw invalid(function, argument) }
            return list[index]
        case "Fn::Split":
            guard case .array(let parts) = argument, parts.count == 2, case .string(let separator) = parts[0],
                let text = try resolve(parts[1], depth: depth)?.scalarText, !separator.isEmpty
            else { throw invalid(function, argument) }
            return .array(text.components(separatedBy: separator).map(JSONValue.string))
        case "Fn::If":
            guard case .array(let parts) = argument, parts.count == 3, case .string(let name) = parts[0] else {
                throw invalid(function, argument)
            }
            return try resolve(try condition(named: name, depth: depth) ? parts[1] : parts[2], depth: depth)
        case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or":
            return .bool(try evaluateCondition(.object([function: argument]), depth: depth))
        case "Fn::FindInMap":
            guard case .array(let parts) = argument, parts.count >= 3,
                let map = try resolve(parts[0], depth: depth)?.scalarText,
                let first = try resolve(parts[1], depth: depth)?.scalarText,
                let second = try resolve(parts[2], depth: depth)?.scalarText,
                let found = mappings[map]?[first]?[second]
            else { throw invalid(function, argument) }
            return found
        case "Fn::Base64":
            guard let text = try resolve(argument, depth: depth)?.scalarText else { throw invalid(function, argument) }
            return .string(Data(text.utf8).base64EncodedString())
        case "Fn::GetAZs":
            return .array(["a", "b", "c"].map { .string(region + $0) })
        case "Fn::Length":
            guard case .array(let list)? = try resolve(argument, depth: depth) else {
                throw invalid(function, argument)
            }
            return .int(list.count)
        case "Fn::ToJsonString":
            guard let resolved = try resolve(argument, depth: depth) else { throw invalid(function, argument) }
            return .string(resolved.jsonText)
        default:
            // Fn::ImportValue, Fn::Cidr, Fn::Transform: another stack or a macro would have to
            // answer; none exists locally.
            throw TemplateError(.invalidIntrinsic, "\(function) is not supported by drs-local")
        }
    }

    // MARK: Ref and GetAtt

    private func reference(_ name: String, depth: Int) throws -> JSONValue? {
        switch name {
        case "AWS::Region": return .string(region)
        case "AWS::AccountId": return .string(accountID)
        case "AWS::Partition": return "aws"
        case "AWS::URLSuffix": return "amazonaws.com"
        case "AWS::StackName": return .string(stackName)
        case "AWS::StackId":
            return .string(
                "arn:aws:cloudformation:\(region):\(accountID):stack/\(stackName)/00000000-0000-0000-0000-000000000000")
        case "AWS::NotificationARNs": return .array([])
        case "AWS::NoValue": return nil
        default: break
        }
        if let value = parameters[name] { return value }
        guard let resource = resources[name] else {
            throw TemplateError(.invalidIntrinsic, "Ref \(name) names no parameter or resource")
        }
        return .string(try physicalName(of: name, resource, depth: depth))
    }

    /// What `Ref` returns for a resource: its name property when the template sets one.
    private func physicalName(of logicalID: String, _ resource: JSONValue, depth: Int) throws -> String {
        let type = resource["Type"]?.stringValue ?? ""
        let nameProperty: String
        switch type {
        case "AWS::Serverless::Function", "AWS::Lambda::Function": nameProperty = "FunctionName"
        case "AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable": nameProperty = "TableName"
        case "AWS::Serverless::Api", "AWS::ApiGateway::RestApi": return apiID
        case "AWS::SQS::Queue": nameProperty = "QueueName"
        case "AWS::SNS::Topic": nameProperty = "TopicName"
        case "AWS::S3::Bucket": nameProperty = "BucketName"
        case "AWS::IAM::Role": nameProperty = "RoleName"
        case "AWS::Logs::LogGroup": nameProperty = "LogGroupName"
        case "AWS::Cognito::UserPoolGroup": nameProperty = "GroupName"
        case "AWS::CloudWatch::Alarm": nameProperty = "AlarmName"
        default: nameProperty = "Name"
        }
        if let property = resource["Properties"]?[nameProperty],
            let name = try resolve(property, depth: depth + 1)?.scalarText
        {
            return name
        }
        return logicalID
    }

    private func attribute(_ argument: JSONValue, depth: Int) throws -> String {
        guard case .array(let parts) = argument, parts.count == 2, case .string(let logicalID) = parts[0],
            let attribute = try resolve(parts[1], depth: depth)?.scalarText
        else { throw invalid("Fn::GetAtt", argument) }
        guard let resource = resources[logicalID] else {
            throw TemplateError(.invalidIntrinsic, "GetAtt \(logicalID).\(attribute) names no resource")
        }
        let name = try physicalName(of: logicalID, resource, depth: depth)
        switch (resource["Type"]?.stringValue ?? "", attribute) {
        case ("AWS::Serverless::Function", "Arn"), ("AWS::Lambda::Function", "Arn"):
            return "arn:aws:lambda:\(region):\(accountID):function:\(name)"
        case ("AWS::DynamoDB::Table", "Arn"), ("AWS::Serverless::SimpleTable", "Arn"):
            return "arn:aws:dynamodb:\(region):\(accountID):table/\(name)"
        case ("AWS::DynamoDB::Table", "StreamArn"):
            return "arn:aws:dynamodb:\(region):\(accountID):table/\(name)/stream/1970-01-01T00:00:00.000"
        case ("AWS::Cognito::UserPool", "Arn"):
            return "arn:aws:cognito-idp:\(region):\(accountID):userpool/\(name)"
        case (_, "RootResourceId"):
            return "root"
        case (_, "Arn"):
            return "arn:aws:local:\(region):\(accountID):\(logicalID)/\(name)"
        default:
            return "\(name).\(attribute)"
        }
    }

    // MARK: Sub

    private func substitute(_ argument: JSONValue, depth: Int) throws -> String {
        let template: String
        var variables: [String: JSONValue] = [:]
        switch argument {
        case .string(let text):
            template = text
        case .array(let parts) where parts.count == 2:
            guard case .string(let text) = parts[0], case .object(let map) = parts[1] else {
                throw invalid("Fn::Sub", argument)
            }
            template = text
            variables = map
        default:
            throw invalid("Fn::Sub", argument)
        }

        var output = ""
        var rest = Substring(template)
        while let open = rest.range(of: "${") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                // An unterminated `${` is literal text, as CloudFormation treats it.
                output += rest[open.lowerBound...]
                rest = ""
                break
            }
            let name = String(rest[open.upperBound..<close])
            rest = rest[rest.index(after: close)...]
            if name.hasPrefix("!") {
                // `${!Literal}` writes `${Literal}`.
                output += "${" + name.dropFirst() + "}"
            } else if let variable = variables[name] {
                output += try resolve(variable, depth: depth + 1)?.scalarText ?? ""
            } else if let dot = name.firstIndex(of: "."), resources[String(name[..<dot])] != nil {
                output += try attribute(
                    .array([.string(String(name[..<dot])), .string(String(name[name.index(after: dot)...]))]),
                    depth: depth + 1
                )
            } else {
                output += try reference(name, depth: depth + 1)?.scalarText ?? ""
            }
        }
        return output + rest
    }

    // MARK: Conditions

    private func condition(named name: String, depth: Int) throws -> Bool {
        guard let definition = conditions[name] else {
            throw TemplateError(.invalidIntrinsic, "condition \(name) is not defined in Conditions")
        }
        return try evaluateCondition(definition, depth: depth + 1)
    }

    private func evaluateCondition(_ value: JSONValue, depth: Int) throws -> Bool {
        guard depth < Self.maximumDepth else {
            throw TemplateError(.invalidIntrinsic, "conditions nest too deeply (a cycle?)")
        }
        guard case .object(let members) = value, members.count == 1, let (function, argument) = members.first else {
            if case .bool(let flag) = value { return flag }
            throw TemplateError(.invalidIntrinsic, "condition \(value.jsonText) is not a condition function")
        }
        switch function {
        case "Condition":
            guard case .string(let name) = argument else { throw invalid(function, argument) }
            return try condition(named: name, depth: depth)
        case "Fn::Equals":
            guard case .array(let sides) = argument, sides.count == 2 else { throw invalid(function, argument) }
            return try resolve(sides[0], depth: depth)?.scalarText == resolve(sides[1], depth: depth)?.scalarText
        case "Fn::Not":
            guard case .array(let operands) = argument, operands.count == 1 else { throw invalid(function, argument) }
            return try !evaluateCondition(operands[0], depth: depth + 1)
        case "Fn::And":
            guard case .array(let operands) = argument else { throw invalid(function, argument) }
            return try operands.allSatisfy { try evaluateCondition($0, depth: depth + 1) }
        case "Fn::Or":
            guard case .array(let operands) = argument else { throw invalid(function, argument) }
            return try operands.contains { try evaluateCondition($0, depth: depth + 1) }
        default:
            throw TemplateError(.invalidIntrinsic, "\(function) is not a condition function")
        }
    }

    private func invalid(_ function: String, _ argument: JSONValue) -> TemplateError {
        TemplateError(.invalidIntrinsic, "\(function) has an invalid argument: \(argument.jsonText)")
    }
}
