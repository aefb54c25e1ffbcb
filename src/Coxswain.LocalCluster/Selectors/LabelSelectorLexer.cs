namespace Coxswain.LocalCluster.Selectors;

internal enum LabelSelectorToken
{
    Error,
    EndOfString,
    ClosedParenthesis,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenParenthesis,
}

/// <summary>
/// The tokenizer of apimachinery's label selector parser, reproduced character for character: the same whitespace and
/// operator characters, the same longest-match of operators, and the same quirk that a NUL character ends the input.
/// </summary>
internal sealed class LabelSelectorLexer(string input)
{
    int _position;

    static readonly Dictionary<string, LabelSelectorToken> Keywords = new(StringComparer.Ordinal)
    {
        [")"] = LabelSelectorToken.ClosedParenthesis,
        [","] = LabelSelectorToken.Comma,
        ["!"] = LabelSelectorToken.DoesNotExist,
        ["=="] = LabelSelectorToken.DoubleEquals,
        ["="] = LabelSelectorToken.Equals,
        [">"] = LabelSelectorToken.GreaterThan,
        ["in"] = LabelSelectorToken.In,
        ["<"] = LabelSelectorToken.LessThan,
        ["!="] = LabelSelectorToken.NotEquals,
        ["notin"] = LabelSelectorToken.NotIn,
        ["("] = LabelSelectorToken.OpenParenthesis,
    };

    public List<(LabelSelectorToken Token, string Literal)> ScanAll()
    {
        var items = new List<(LabelSelectorToken, string)>();
        while (true)
        {
            var item = Next();
            items.Add(item);
            if (item.Token == LabelSelectorToken.EndOfString) return items;
        }
    }

    (LabelSelectorToken Token, string Literal) Next()
    {
        char ch = Read();
        while (IsWhitespace(ch)) ch = Read();
        if (ch == '\0') return (LabelSelectorToken.EndOfString, "");
        _position--;
        return IsSpecialSymbol(ch) ? ScanSpecialSymbol() : ScanIdentifierOrKeyword();
    }

    /// <summary>Like Go's reader: past the end it returns NUL without advancing, so callers must not step back then.</summary>
    char Read() => _position < input.Length ? input[_position++] : '\0';

    (LabelSelectorToken, string) ScanIdentifierOrKeyword()
    {
        int start = _position, end = _position;
        while (true)
        {
            char ch = Read();
            if (ch == '\0') break; // the end, or a NUL inside the input, which is consumed but not part of the identifier
            if (IsSpecialSymbol(ch) || IsWhitespace(ch))
            {
                _position--;
                break;
            }
            end = _position;
        }
        var literal = input[start..end];
        return Keywords.TryGetValue(literal, out var keyword) ? (keyword, literal) : (LabelSelectorToken.Identifier, literal);
    }

    /// <summary>Longest run of operator characters that is still an operator: "!=" wins over "!", "=(" stops at "=".</summary>
    (LabelSelectorToken, string) ScanSpecialSymbol()
    {
        int start = _position;
        (LabelSelectorToken Token, string Literal)? last = null;
        while (true)
        {
            char ch = Read();
            if (ch == '\0') break;
            if (!IsSpecialSymbol(ch))
            {
                _position--;
                break;
            }
            var candidate = input[start.._position];
            if (Keywords.TryGetValue(candidate, out var token)) last = (token, candidate);
            else if (last is not null)
            {
                _position--;
                break;
            }
        }
        return last ?? (LabelSelectorToken.Error, $"error expected: keyword found '{input[start.._position]}'");
    }

    static bool IsWhitespace(char ch) => ch is ' ' or '\t' or '\r' or '\n';

    static bool IsSpecialSymbol(char ch) => ch is '=' or '!' or '(' or ')' or ',' or '>' or '<';
}
