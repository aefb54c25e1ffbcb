using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Selectors;

/// <summary>
/// apimachinery's recursive-descent label selector parser (<c>labels.Parse</c>), with its error messages verbatim.
/// Failures are thrown as <see cref="FormatException"/> carrying the upstream message.
/// </summary>
internal sealed class LabelSelectorParser
{
    /// <summary>How upstream lists the binary operators in "expected:" messages (selection.Operator string values).</summary>
    const string BinaryOperators = "in, notin, =, ==, !=, gt, lt";

    /// <summary>
    /// Whether "in"/"notin" read as keywords or as plain identifiers: in value and key position they are identifiers,
    /// so <c>in in (in)</c> is a valid selector.
    /// </summary>
    enum Context { KeyAndOperator, Values }

    readonly List<(LabelSelectorToken Token, string Literal)> _items;
    int _position;

    LabelSelectorParser(string selector) => _items = new LabelSelectorLexer(selector).ScanAll();

    /// <summary>Parses the selector into its requirements, in the order written (callers sort them).</summary>
    public static List<LabelRequirement> Parse(string selector) => new LabelSelectorParser(selector).ParseRequirements();

    List<LabelRequirement> ParseRequirements()
    {
        var requirements = new List<LabelRequirement>();
        while (true)
        {
            var (token, literal) = Lookahead(Context.Values);
            switch (token)
            {
                case LabelSelectorToken.Identifier or LabelSelectorToken.DoesNotExist:
                    try
                    {
                        requirements.Add(ParseRequirement());
                    }
                    catch (FormatException e)
                    {
                        throw new FormatException($"unable to parse requirement: {e.Message}");
                    }
                    var (next, nextLiteral) = Consume(Context.Values);
                    switch (next)
                    {
                        case LabelSelectorToken.EndOfString:
                            return requirements;
                        case LabelSelectorToken.Comma:
                            var (afterComma, afterCommaLiteral) = Lookahead(Context.Values);
                            if (afterComma is not (LabelSelectorToken.Identifier or LabelSelectorToken.DoesNotExist))
                                throw new FormatException($"found '{afterCommaLiteral}', expected: identifier after ','");
                            break;
                        default:
                            throw new FormatException($"found '{nextLiteral}', expected: ',' or 'end of string'");
                    }
                    break;
                case LabelSelectorToken.EndOfString:
                    return requirements;
                default:
                    throw new FormatException($"found '{literal}', expected: !, identifier, or 'end of string'");
            }
        }
    }

    LabelRequirement ParseRequirement()
    {
        var (key, unaryOperator) = ParseKeyAndInferOperator();
        LabelSelectorOperator @operator;
        IReadOnlyList<string> values;
        if (unaryOperator is { } unary)
        {
            @operator = unary;
            values = [];
        }
        else
        {
            @operator = ParseOperator();
            values = @operator is LabelSelectorOperator.In or LabelSelectorOperator.NotIn ? ParseValues() : ParseExactValue();
        }
        var errors = new List<FieldError>();
        return LabelRequirement.Create(key, @operator, values, basePath: null, errors)
               ?? throw new FormatException(SelectorFieldErrors.Aggregate(errors));
    }

    /// <summary>
    /// Reads <c>[!]key</c> and returns the unary operator it implies: DoesNotExist after '!', Exists when the key is
    /// followed by ',' or the end, null when a binary operator must follow.
    /// </summary>
    (string Key, LabelSelectorOperator? Operator) ParseKeyAndInferOperator()
    {
        LabelSelectorOperator? @operator = null;
        var (token, literal) = Consume(Context.Values);
        if (token == LabelSelectorToken.DoesNotExist)
        {
            @operator = LabelSelectorOperator.DoesNotExist;
            (token, literal) = Consume(Context.Values);
        }
        if (token != LabelSelectorToken.Identifier) throw new FormatException($"found '{literal}', expected: identifier");

        // Upstream validates the key here with a nil field path, hence the "<nil>: " prefix in its message.
        var keyErrors = LabelSyntax.IsLabelKey(literal);
        if (keyErrors.Count > 0)
            throw new FormatException(SelectorFieldErrors.Invalid(SelectorFieldErrors.NilPath, literal, string.Join("; ", keyErrors)).ToString());

        var (next, _) = Lookahead(Context.Values);
        if (@operator is null && next is LabelSelectorToken.EndOfString or LabelSelectorToken.Comma)
            @operator = LabelSelectorOperator.Exists;
        return (literal, @operator);
    }

    LabelSelectorOperator ParseOperator()
    {
        var (token, literal) = Consume(Context.KeyAndOperator);
        return token switch
        {
            LabelSelectorToken.In => LabelSelectorOperator.In,
            LabelSelectorToken.Equals => LabelSelectorOperator.Equals,
            LabelSelectorToken.DoubleEquals => LabelSelectorOperator.DoubleEquals,
            LabelSelectorToken.GreaterThan => LabelSelectorOperator.GreaterThan,
            LabelSelectorToken.LessThan => LabelSelectorOperator.LessThan,
            LabelSelectorToken.NotIn => LabelSelectorOperator.NotIn,
            LabelSelectorToken.NotEquals => LabelSelectorOperator.NotEquals,
            _ => throw new FormatException($"found '{literal}', expected: {BinaryOperators}"),
        };
    }

    /// <summary>Reads <c>(a,b,…)</c>; empty entries (<c>()</c>, <c>(,a)</c>, <c>(a,,b)</c>) stand for the empty value.</summary>
    List<string> ParseValues()
    {
        var (token, literal) = Consume(Context.Values);
        if (token != LabelSelectorToken.OpenParenthesis) throw new FormatException($"found '{literal}' expected: '('");

        (token, literal) = Lookahead(Context.Values);
        switch (token)
        {
            case LabelSelectorToken.Identifier or LabelSelectorToken.Comma:
                var values = ParseIdentifierList();
                // Upstream reports the token that opened the list here, not the one found; kept for identical messages.
                if (Consume(Context.Values).Token != LabelSelectorToken.ClosedParenthesis)
                    throw new FormatException($"found '{literal}', expected: ')'");
                return values;
            case LabelSelectorToken.ClosedParenthesis:
                Consume(Context.Values);
                return [""];
            default:
                throw new FormatException($"found '{literal}', expected: ',', ')' or identifier");
        }
    }

    List<string> ParseIdentifierList()
    {
        var values = new List<string>();
        while (true)
        {
            var (token, literal) = Consume(Context.Values);
            switch (token)
            {
                case LabelSelectorToken.Identifier:
                    values.Add(literal);
                    var (next, nextLiteral) = Lookahead(Context.Values);
                    switch (next)
                    {
                        case LabelSelectorToken.Comma: continue;
                        case LabelSelectorToken.ClosedParenthesis: return values;
                        default: throw new FormatException($"found '{nextLiteral}', expected: ',' or ')'");
                    }
                case LabelSelectorToken.Comma:
                    if (values.Count == 0) values.Add(""); // "(,"
                    var (afterComma, _) = Lookahead(Context.Values);
                    if (afterComma == LabelSelectorToken.ClosedParenthesis)
                    {
                        values.Add(""); // ",)"
                        return values;
                    }
                    if (afterComma == LabelSelectorToken.Comma)
                    {
                        Consume(Context.Values);
                        values.Add(""); // ",,"
                    }
                    break;
                default:
                    throw new FormatException($"found '{literal}', expected: ',', or identifier");
            }
        }
    }

    /// <summary>Reads the value after =, ==, !=, &gt; or &lt;; nothing before ',' or the end is the empty value.</summary>
    List<string> ParseExactValue()
    {
        var (next, _) = Lookahead(Context.Values);
        if (next is LabelSelectorToken.EndOfString or LabelSelectorToken.Comma) return [""];
        var (token, literal) = Consume(Context.Values);
        if (token == LabelSelectorToken.Identifier) return [literal];
        throw new FormatException($"found '{literal}', expected: identifier");
    }

    (LabelSelectorToken Token, string Literal) Lookahead(Context context) => InContext(_items[_position], context);

    (LabelSelectorToken Token, string Literal) Consume(Context context) => InContext(_items[_position++], context);

    static (LabelSelectorToken, string) InContext((LabelSelectorToken Token, string Literal) item, Context context) =>
        context == Context.Values && item.Token is LabelSelectorToken.In or LabelSelectorToken.NotIn
            ? (LabelSelectorToken.Identifier, item.Literal)
            : item;
}
