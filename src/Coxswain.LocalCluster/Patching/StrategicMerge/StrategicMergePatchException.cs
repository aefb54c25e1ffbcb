namespace Coxswain.LocalCluster.Patching.StrategicMerge;

/// <summary>How kube-apiserver answers a strategic merge patch error (its <c>interpretStrategicMergePatchError</c>).</summary>
public enum StrategicMergePatchErrorKind
{
    /// <summary>Malformed directives: 400 BadRequest.</summary>
    BadRequest,
    /// <summary>Patches the server cannot apply to this object (lists of lists): 422 with a generic Invalid status.</summary>
    Unprocessable,
    /// <summary>Every other error (a missing merge key, an unknown directive): a 500 whose message is the error text.</summary>
    Unknown,
}

/// <summary>A strategic merge patch that cannot be applied; the messages are apimachinery's <c>mergepatch</c> errors.</summary>
public sealed class StrategicMergePatchException(string message, StrategicMergePatchErrorKind kind) : Exception(message)
{
    public StrategicMergePatchErrorKind Kind { get; } = kind;

    internal static StrategicMergePatchException BadRetainKeys() =>
        new("invalid patch format of retainKeys", StrategicMergePatchErrorKind.BadRequest);

    internal static StrategicMergePatchException BadPrimitiveList() =>
        new("invalid patch format of primitive list", StrategicMergePatchErrorKind.BadRequest);

    internal static StrategicMergePatchException BadSetElementOrderList() =>
        new("invalid patch format of setElementOrder list", StrategicMergePatchErrorKind.BadRequest);

    internal static StrategicMergePatchException NoListOfLists() =>
        new("lists of lists are not supported", StrategicMergePatchErrorKind.Unprocessable);

    internal static StrategicMergePatchException NoMergeKey(System.Text.Json.Nodes.JsonNode? map, string key) =>
        new($"map: {GoFormat.Value(map)} does not contain declared merge key: {key}", StrategicMergePatchErrorKind.Unknown);

    internal static StrategicMergePatchException BadArgType(string expectedKind, System.Text.Json.Nodes.JsonNode? actual) =>
        new($"expected a {expectedKind}, but received a {GoFormat.KindName(actual)}", StrategicMergePatchErrorKind.Unknown);

    internal static StrategicMergePatchException Unknown(string message) => new(message, StrategicMergePatchErrorKind.Unknown);
}
