namespace Coxswain.LocalCluster.Protobuf;

/// <summary>A Kubernetes protobuf message: its fields by number (for decoding) and by JSON name (for encoding).</summary>
internal sealed class ProtoMessageType
{
    readonly Dictionary<int, ProtoField> byNumber;
    readonly Dictionary<string, ProtoField> byJsonName;

    public ProtoMessageType(string name, IReadOnlyList<ProtoField> fields)
    {
        Name = name;
        Fields = fields;
        byNumber = fields.ToDictionary(f => f.Number);
        byJsonName = fields.Where(f => !f.Inline).ToDictionary(f => f.JsonName, StringComparer.Ordinal);
    }

    /// <summary>The full proto name, e.g. <c>k8s.io.api.core.v1.Pod</c>.</summary>
    public string Name { get; }

    /// <summary>Fields in field-number order, the order Go writes them.</summary>
    public IReadOnlyList<ProtoField> Fields { get; }

    public ProtoField? FieldByNumber(int number) => byNumber.GetValueOrDefault(number);

    /// <summary>The field a JSON property is stored in; fields of inline structs are not found here but in the inline message.</summary>
    public ProtoField? FieldByJsonName(string jsonName) => byJsonName.GetValueOrDefault(jsonName);

    public override string ToString() => Name;
}
