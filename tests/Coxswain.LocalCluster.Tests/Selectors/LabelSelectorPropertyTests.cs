using Coxswain.LocalCluster.Selectors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Coxswain.LocalCluster.Tests.Selectors;

public class LabelSelectorPropertyTests
{
    /// <summary>A requirement as the test writes it, independent of the implementation under test.</summary>
    public sealed record Written(string Key, LabelSelectorOperator Operator, string[] Values, string Text);

    // Pools include the keywords "in"/"notin" as keys and values, prefixed keys, the empty value and duplicates.
    static readonly string[] Keys = ["a", "b", "app", "in", "notin", "x.y", "example.com/k", "k8s.io/app-name", "A_1"];
    static readonly string[] Values = ["", "a", "b", "in", "notin", "v-1", "1", "X.y_z"];
    static readonly string[] Integers = ["0", "5", "42", "007"];
    static readonly Gen<string> Space = Gen.Elements("", " ", "\t", "  ");

    static Gen<Written> RequirementGen =>
        from key in Gen.Elements(Keys)
        from op in Gen.Elements(Enum.GetValues<LabelSelectorOperator>())
        from values in op switch
        {
            // Upstream's list syntax cannot write every list with empty values ("(a,,)" is an error), so an empty
            // value is generated at most once and written first, the way the canonical form writes it.
            LabelSelectorOperator.In or LabelSelectorOperator.NotIn =>
                Gen.Choose(1, 4).SelectMany(n => Gen.Elements(Values).ListOf(n))
                    .Select(l => l.Distinct().OrderBy(v => v.Length == 0 ? 0 : 1).ToArray()),
            LabelSelectorOperator.Exists or LabelSelectorOperator.DoesNotExist => Gen.Constant(Array.Empty<string>()),
            LabelSelectorOperator.GreaterThan or LabelSelectorOperator.LessThan => Gen.Elements(Integers).Select(v => new[] { v }),
            _ => Gen.Elements(Values).Select(v => new[] { v }),
        }
        from s1 in Space
        from s2 in Space
        select new Written(key, op, values, Render(key, op, values, s1, s2));

    static string Render(string key, LabelSelectorOperator op, string[] values, string s1, string s2) => op switch
    {
        LabelSelectorOperator.Equals => $"{key}{s1}={s2}{values[0]}",
        LabelSelectorOperator.DoubleEquals => $"{key}{s1}=={s2}{values[0]}",
        LabelSelectorOperator.NotEquals => $"{key}{s1}!={s2}{values[0]}",
        LabelSelectorOperator.In => $"{key} in{s1}({s2}{string.Join(s1 + "," + s2, values)})",
        LabelSelectorOperator.NotIn => $"{key} notin {s1}({string.Join(",", values)}{s2})",
        LabelSelectorOperator.Exists => $"{s1}{key}{s2}",
        LabelSelectorOperator.DoesNotExist => $"!{s1}{key}",
        LabelSelectorOperator.GreaterThan => $"{key}{s1}>{s2}{values[0]}",
        _ => $"{key}{s1}<{s2}{values[0]}",
    };

    static Gen<Written[]> RequirementsGen => Gen.Choose(1, 6).SelectMany(n => RequirementGen.ListOf(n)).Select(l => l.ToArray());

    static Arbitrary<Written[]> Selectors => RequirementsGen.ToArbitrary();

    static Arbitrary<(Written[] Requirements, Dictionary<string, string> Labels)> SelectorsAndLabels =>
        (from requirements in RequirementsGen
         from keys in Gen.SubListOf(Keys)
         from values in Gen.Elements(Values.Concat(Integers).ToArray()).ArrayOf(keys.Count)
         select (requirements, keys.Zip(values).ToDictionary(p => p.First, p => p.Second))).ToArbitrary();

    static string Text(Written[] requirements) => string.Join(",", requirements.Select(r => r.Text));

    [Property(MaxTest = 300)]
    public Property Canonical_form_parses_back_to_the_same_selector() => Prop.ForAll(Selectors, requirements =>
    {
        var parsed = LabelSelector.Parse(Text(requirements));
        var reparsed = LabelSelector.Parse(parsed.ToString());
        return reparsed.ToString() == parsed.ToString()
               && reparsed.Requirements.Count == requirements.Length
               && reparsed.Requirements.Select(r => (r.Key, r.Operator)).SequenceEqual(parsed.Requirements.Select(r => (r.Key, r.Operator)));
    });

    [Property(MaxTest = 300)]
    public Property Parsed_requirements_are_the_written_ones() => Prop.ForAll(Selectors, requirements =>
    {
        var parsed = LabelSelector.Parse(Text(requirements));
        var expected = requirements
            .Select(r => (r.Key, r.Operator, Values: string.Join("|", r.Values.Distinct().Order(StringComparer.Ordinal))))
            .OrderBy(r => r.Key, StringComparer.Ordinal);
        return parsed.Requirements.Select(r => (r.Key, r.Operator, Values: string.Join("|", r.Values))).SequenceEqual(expected);
    });

    [Property(MaxTest = 500)]
    public Property Matching_agrees_with_the_definition() => Prop.ForAll(SelectorsAndLabels, input =>
    {
        var (requirements, labels) = input;
        bool expected = requirements.All(r => Holds(r, labels));
        return LabelSelector.Parse(Text(requirements)).Matches(labels) == expected;
    });

    /// <summary>The meaning of each operator, stated directly (Kubernetes docs, "Labels and Selectors").</summary>
    static bool Holds(Written r, Dictionary<string, string> labels)
    {
        bool present = labels.TryGetValue(r.Key, out var value);
        return r.Operator switch
        {
            LabelSelectorOperator.Equals or LabelSelectorOperator.DoubleEquals or LabelSelectorOperator.In => present && r.Values.Contains(value),
            LabelSelectorOperator.NotEquals or LabelSelectorOperator.NotIn => !present || !r.Values.Contains(value),
            LabelSelectorOperator.Exists => present,
            LabelSelectorOperator.DoesNotExist => !present,
            LabelSelectorOperator.GreaterThan => present && long.TryParse(value, out var g) && g > long.Parse(r.Values[0]),
            _ => present && long.TryParse(value, out var l) && l < long.Parse(r.Values[0]),
        };
    }
}
