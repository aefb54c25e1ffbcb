using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables;

/// <summary>
/// The part of client-go's JSONPath that CRD printer columns use, e.g. <c>.spec.replicas</c>,
/// <c>.status.conditions[?(@.type=="Ready")].status</c>, <c>.spec.containers[*].image</c>,
/// <c>.metadata.labels['app\.kubernetes\.io/name']</c>, <c>..image</c>, <c>.items[0:2]</c>.
/// Missing keys yield no result rather than an error (the column convertor allows missing keys), and JSON
/// nulls count as missing. Unsupported syntax (ranges, unions, functions) is rejected by <see cref="Parse"/>.
/// </summary>
public sealed class SimpleJsonPath
{
    abstract record Step;
    sealed record FieldStep(string Name) : Step;
    sealed record WildcardStep : Step;
    sealed record RecursiveStep : Step;
    sealed record SliceStep(int? Start, int? End, int Stride, bool IsIndex) : Step;
    sealed record FilterStep(FilterOperand Left, string? Operator, FilterOperand? Right) : Step;

    /// <summary>A filter operand: a path relative to the element (<c>@.type</c>) or a literal.</summary>
    sealed record FilterOperand(SimpleJsonPath? RelativePath, JsonNode? Literal);

    readonly IReadOnlyList<Step> steps;

    SimpleJsonPath(string expression, IReadOnlyList<Step> steps)
    {
        Expression = expression;
        this.steps = steps;
    }

    public string Expression { get; }

    /// <exception cref="FormatException">The expression is not in the supported subset.</exception>
    public static SimpleJsonPath Parse(string expression)
    {
        var parser = new Parser(expression);
        var steps = parser.ParseSteps(stopAtOperator: false);
        if (!parser.AtEnd) throw parser.Error("unexpected character");
        return new SimpleJsonPath(expression, steps);
    }

    public static bool TryParse(string expression, out SimpleJsonPath? path)
    {
        try
        {
            path = Parse(expression);
            return true;
        }
        catch (FormatException)
        {
            path = null;
            return false;
        }
    }

    /// <summary>All values the path selects, in document order.</summary>
    public IReadOnlyList<JsonNode> Evaluate(JsonNode? root)
    {
        IEnumerable<JsonNode> current = root is null ? [] : [root];
        foreach (var step in steps)
        {
            current = current.SelectMany(node => Apply(step, node)).ToList();
        }
        return current.Where(n => n.GetValueKind() != JsonValueKind.Null).ToList();
    }

    static IEnumerable<JsonNode> Apply(Step step, JsonNode node) => step switch
    {
        FieldStep f => node is JsonObject o && o[f.Name] is { } child ? [child] : [],
        WildcardStep => Children(node),
        RecursiveStep => SelfAndDescendants(node),
        SliceStep s => node is JsonArray a ? Slice(a, s) : [],
        FilterStep f => node is JsonArray a ? a.OfType<JsonNode>().Where(e => Matches(f, e)) : [],
        _ => [],
    };

    static IEnumerable<JsonNode> Children(JsonNode node) => node switch
    {
        JsonObject o => o.Select(kv => kv.Value).OfType<JsonNode>(),
        JsonArray a => a.OfType<JsonNode>(),
        _ => [],
    };

    static IEnumerable<JsonNode> SelfAndDescendants(JsonNode node) =>
        Children(node).SelectMany(SelfAndDescendants).Prepend(node);

    static IEnumerable<JsonNode> Slice(JsonArray array, SliceStep s)
    {
        var length = array.Count;
        var start = s.Start ?? 0;
        if (start < 0) start += length;
        if (s.IsIndex)
        {
            return start >= 0 && start < length && array[start] is { } item ? [item] : [];
        }
        var end = s.End ?? length;
        if (end < 0) end += length;
        start = Math.Clamp(start, 0, length);
        end = Math.Clamp(end, 0, length);
        var picked = new List<JsonNode>();
        for (var i = start; i < end; i += s.Stride)
        {
            if (array[i] is { } item) picked.Add(item);
        }
        return picked;
    }

    static bool Matches(FilterStep filter, JsonNode element)
    {
        var left = Resolve(filter.Left, element);
        if (filter.Operator is null) return left.Count > 0;
        var right = filter.Right is null ? [] : Resolve(filter.Right, element);
        if (left.Count != 1 || right.Count != 1) return false;
        var comparison = Compare(left[0], right[0]);
        return filter.Operator switch
        {
            "==" => comparison == 0,
            "!=" => comparison != 0,
            "<" => comparison < 0,
            "<=" => comparison <= 0,
            ">" => comparison is > 0 and not int.MaxValue,
            ">=" => comparison is >= 0 and not int.MaxValue,
            _ => false,
        };
    }

    static IReadOnlyList<JsonNode> Resolve(FilterOperand operand, JsonNode element) =>
        operand.RelativePath is { } path ? path.Evaluate(element) : operand.Literal is { } literal ? [literal] : [];

    /// <summary>Orders two scalars of the same kind; <see cref="int.MaxValue"/> when they are not comparable.</summary>
    static int Compare(JsonNode a, JsonNode b)
    {
        if (a is JsonValue va && b is JsonValue vb)
        {
            if (JsonReading.TryGetDouble(va, out var da) && JsonReading.TryGetDouble(vb, out var db)) return da.CompareTo(db);
            var (ka, kb) = (va.GetValueKind(), vb.GetValueKind());
            if (ka == JsonValueKind.String && kb == JsonValueKind.String)
            {
                return string.CompareOrdinal(va.GetValue<string>(), vb.GetValue<string>());
            }
            if (ka is JsonValueKind.True or JsonValueKind.False && kb is JsonValueKind.True or JsonValueKind.False)
            {
                return ka == kb ? 0 : 1;
            }
        }
        return int.MaxValue;
    }

    /// <summary>A recursive-descent parser over the expression text.</summary>
    sealed class Parser(string text)
    {
        int pos;

        public bool AtEnd => pos >= text.Length;

        char Peek => pos < text.Length ? text[pos] : '\0';

        public FormatException Error(string problem) =>
            new($"unrecognized JSONPath {text}: {problem} at position {pos}");

        public List<Step> ParseSteps(bool stopAtOperator)
        {
            var steps = new List<Step>();
            if (Peek == '$') pos++;
            if (!AtEnd && Peek != '.' && Peek != '[' && !stopAtOperator) steps.Add(new FieldStep(ReadName()));
            while (!AtEnd)
            {
                SkipSpaces(stopAtOperator);
                if (Peek == '.')
                {
                    pos++;
                    if (Peek == '.')
                    {
                        pos++;
                        steps.Add(new RecursiveStep());
                    }
                    if (Peek == '*')
                    {
                        pos++;
                        steps.Add(new WildcardStep());
                    }
                    else if (Peek == '[')
                    {
                        continue;
                    }
                    else
                    {
                        var name = ReadName();
                        if (name.Length == 0) throw Error("empty field name");
                        steps.Add(new FieldStep(name));
                    }
                }
                else if (Peek == '[')
                {
                    pos++;
                    steps.Add(ParseBracket());
                }
                else if (stopAtOperator)
                {
                    break;
                }
                else
                {
                    throw Error("unexpected character");
                }
            }
            return steps;
        }

        void SkipSpaces(bool allowed)
        {
            while (allowed && Peek == ' ') pos++;
        }

        /// <summary>A dotted field name; a backslash escapes the next character (<c>app\.kubernetes\.io</c>).</summary>
        string ReadName()
        {
            var name = new StringBuilder();
            while (!AtEnd && Peek is not ('.' or '[' or ' ' or ')' or '=' or '!' or '<' or '>'))
            {
                if (Peek == '\\' && pos + 1 < text.Length) pos++;
                name.Append(text[pos++]);
            }
            return name.ToString();
        }

        Step ParseBracket()
        {
            Step step;
            if (Peek == '*')
            {
                pos++;
                step = new WildcardStep();
            }
            else if (Peek is '\'' or '"')
            {
                step = new FieldStep(ReadQuoted());
            }
            else if (Peek == '?')
            {
                pos++;
                step = ParseFilter();
            }
            else
            {
                step = ParseSlice();
            }
            if (Peek != ']') throw Error("expected ']'");
            pos++;
            return step;
        }

        string ReadQuoted()
        {
            var quote = text[pos++];
            var value = new StringBuilder();
            while (!AtEnd && Peek != quote)
            {
                if (Peek == '\\' && pos + 1 < text.Length) pos++;
                value.Append(text[pos++]);
            }
            if (AtEnd) throw Error("unterminated quoted string");
            pos++;
            return value.ToString();
        }

        SliceStep ParseSlice()
        {
            var parts = new List<int?>();
            var current = new StringBuilder();
            while (!AtEnd && Peek != ']')
            {
                if (Peek == ':')
                {
                    parts.Add(ToInt(current));
                    current.Clear();
                }
                else
                {
                    current.Append(Peek);
                }
                pos++;
            }
            parts.Add(ToInt(current));
            return parts.Count switch
            {
                1 when parts[0] is not null => new SliceStep(parts[0], null, 1, IsIndex: true),
                2 => new SliceStep(parts[0], parts[1], 1, IsIndex: false),
                3 when parts[2] is null or > 0 => new SliceStep(parts[0], parts[1], parts[2] ?? 1, IsIndex: false),
                _ => throw Error("invalid array index"),
            };
        }

        int? ToInt(StringBuilder digits)
        {
            var s = digits.ToString().Trim();
            if (s.Length == 0) return null;
            return int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : throw Error("invalid array index");
        }

        FilterStep ParseFilter()
        {
            if (Peek != '(') throw Error("expected '(' after '?'");
            pos++;
            SkipSpaces(true);
            var left = ParseOperand();
            SkipSpaces(true);
            string? op = null;
            FilterOperand? right = null;
            if (Peek != ')')
            {
                op = ReadOperator();
                SkipSpaces(true);
                right = ParseOperand();
                SkipSpaces(true);
            }
            if (Peek != ')') throw Error("expected ')'");
            pos++;
            return new FilterStep(left, op, right);
        }

        string ReadOperator()
        {
            foreach (var op in new[] { "==", "!=", "<=", ">=", "<", ">" })
            {
                if (string.CompareOrdinal(text, pos, op, 0, op.Length) == 0)
                {
                    pos += op.Length;
                    return op;
                }
            }
            throw Error("unknown filter operator");
        }

        FilterOperand ParseOperand()
        {
            if (Peek == '@')
            {
                pos++;
                var start = pos;
                var steps = ParseSteps(stopAtOperator: true);
                return new FilterOperand(new SimpleJsonPath(text[start..pos], steps), null);
            }
            if (Peek is '\'' or '"') return new FilterOperand(null, JsonValue.Create(ReadQuoted()));
            var start2 = pos;
            while (!AtEnd && Peek is not (' ' or ')')) pos++;
            var literal = text[start2..pos];
            if (literal is "true" or "false") return new FilterOperand(null, JsonValue.Create(literal == "true"));
            if (double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return new FilterOperand(null, JsonValue.Create(number));
            }
            throw Error("unrecognized filter operand");
        }
    }
}
