using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Patching.ServerSideApply;

/// <summary>
/// The set of fields a value sets (structured-merge-diff's <c>ToFieldSet</c>): every leaf, every list item, every map
/// entry, and every field whose value is null or an empty object. Struct fields leading to members are not members
/// themselves. With <c>strict</c> it also reports what makes an applied configuration unusable: fields the schema does
/// not declare, list items without their keys, and duplicated keys.
/// </summary>
internal static class FieldSetBuilder
{
    public static FieldSet Build(MergeSchema schema, JsonNode? value) => Build(schema, value, strict: false, out _);

    public static FieldSet Build(MergeSchema schema, JsonNode? value, bool strict, out List<string> errors)
    {
        var set = new FieldSet();
        var found = new List<string>();
        Visit(schema, value, [], set, strict ? found : null);
        errors = found;
        return set;
    }

    static void Visit(MergeSchema schema, JsonNode? value, List<PathElement> path, FieldSet set, List<string>? errors)
    {
        switch (ValueShapes.Of(schema, value))
        {
            case ValueShape.Fields:
                foreach (var (key, child) in value!.AsObject())
                {
                    if (!schema.TryGetField(key, out var field))
                    {
                        errors?.Add($"{FieldSet.PathText([.. path, PathElement.Field(key)])}: field not declared in schema");
                        field = MergeSchema.Deduced;
                    }
                    List<PathElement> childPath = [.. path, PathElement.Field(key)];
                    Visit(field, child, childPath, set, errors);
                    if (child is null || child is JsonObject { Count: 0 } || !schema.IsNamedField(key)) set.Insert(childPath);
                }
                break;
            case ValueShape.Items:
                var items = ListItemKeys.Index(schema, value!.AsArray(), errors is null ? null : e => errors.Add($"{FieldSet.PathText(path)}: {e}"));
                foreach (var (element, item) in items)
                {
                    List<PathElement> itemPath = [.. path, element];
                    Visit(schema.Items, item, itemPath, set, errors);
                    set.Insert(itemPath);
                }
                break;
            default:
                set.Insert(path);
                break;
        }
    }
}
