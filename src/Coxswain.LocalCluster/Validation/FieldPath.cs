namespace Coxswain.LocalCluster.Validation;

/// <summary>
/// A field path rendered the way apimachinery's field.Path renders it: children joined with '.',
/// list indexes as <c>[0]</c> and map keys as <c>[key]</c> (unquoted), e.g. <c>spec.containers[0].resources.limits[cpu]</c>.
/// </summary>
public sealed class FieldPath
{
    readonly string _text;

    FieldPath(string text) => _text = text;

    public static FieldPath Root(string name) => new(name);

    /// <summary>
    /// field.NewPath(""), which apimachinery uses for whole-object errors (e.g. ConfigMap size). A nameless path
    /// element prints as an empty subscript, hence "[]".
    /// </summary>
    public static readonly FieldPath Empty = new("[]");

    public FieldPath Child(string name) => new(_text.Length == 0 ? name : $"{_text}.{name}");

    public FieldPath Child(string name, params string[] more)
    {
        var path = Child(name);
        foreach (var m in more) path = path.Child(m);
        return path;
    }

    public FieldPath Index(int index) => new($"{_text}[{index}]");

    public FieldPath Key(string key) => new($"{_text}[{key}]");

    public override string ToString() => _text;

    public static implicit operator string(FieldPath path) => path._text;
}
