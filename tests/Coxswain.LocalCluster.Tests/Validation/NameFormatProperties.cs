using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Coxswain.LocalCluster.Validation;
using Coxswain.LocalCluster.Validation.Formats;

namespace Coxswain.LocalCluster.Tests.Validation;

/// <summary>Properties of the name and label validators over generated inputs.</summary>
public class NameFormatProperties
{
    static readonly char[] LowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray();
    static readonly char[] LabelMiddle = "abcdefghijklmnopqrstuvwxyz0123456789-".ToCharArray();
    static readonly char[] KeyChars = "ABCXYZabcxyz0189".ToCharArray();
    static readonly char[] KeyMiddle = "ABCXYZabcxyz0189-_.".ToCharArray();

    static Gen<string> Token(char[] edge, char[] middle, int maxLength) =>
        from length in Gen.Choose(1, maxLength)
        from first in Gen.Elements(edge)
        from rest in Gen.Elements(middle).ArrayOf(Math.Max(0, length - 2))
        from last in Gen.Elements(edge)
        select length == 1 ? first.ToString() : first + new string(rest) + last;

    static Gen<string> Dns1123Labels(int maxLength = 63) => Token(LowerAlnum, LabelMiddle, maxLength);

    static Gen<string> Subdomains =>
        from count in Gen.Choose(1, 4)
        from labels in Dns1123Labels(14).ArrayOf(count) // at most 59 characters, so only the dots can fail a label check
        select string.Join(".", labels);

    [Property]
    public Property GeneratedDns1123LabelsAreValid() =>
        Prop.ForAll(Dns1123Labels().ToArbitrary(), label => DnsNames.IsDns1123Label(label).Count == 0);

    [Property]
    public Property GeneratedSubdomainsAreValidAndOnlyMultiSegmentOnesFailAsLabels() =>
        Prop.ForAll(Subdomains.ToArbitrary(), name =>
            DnsNames.IsDns1123Subdomain(name).Count == 0 &&
            (name.Contains('.') ? DnsNames.IsDns1123Label(name).SequenceEqual(["must not contain dots"]) : DnsNames.IsDns1123Label(name).Count == 0));

    [Property]
    public Property AnUppercaseLetterMakesANameInvalid() =>
        Prop.ForAll(Dns1123Labels(40).ToArbitrary(), Gen.Elements("ABCDEFGHIJKLMNOPQRSTUVWXYZ".ToCharArray()).ToArbitrary(), (label, upper) =>
        {
            var name = upper + label;
            return DnsNames.IsDns1123Label(name).Count == 1 && DnsNames.IsDns1123Subdomain(name).Count == 1;
        });

    [Property]
    public Property LabelsLongerThan63AreRejectedForLength() =>
        Prop.ForAll(Gen.Choose(64, 300).ToArbitrary(), length =>
            DnsNames.IsDns1123Label(new string('a', length)).SequenceEqual(["must be no more than 63 characters"]));

    [Property]
    public Property GenerateNamePrefixesMayEndWithADash() =>
        Prop.ForAll(Dns1123Labels(40).ToArbitrary(), label =>
            NameValidators.DnsSubdomain(label + "-", true).Count == 0 && NameValidators.DnsSubdomain(label + "-", false).Count == 1);

    [Property]
    public Property QualifiedNamesAcceptAnyValidPrefixAndName() =>
        Prop.ForAll(Subdomains.ToArbitrary(), Token(KeyChars, KeyMiddle, 63).ToArbitrary(), (prefix, name) =>
            LabelFormats.IsQualifiedName(name).Count == 0 && LabelFormats.IsQualifiedName($"{prefix}/{name}").Count == 0);

    [Property]
    public Property LabelValuesAreEmptyOrQualifiedNameParts() =>
        Prop.ForAll(Token(KeyChars, KeyMiddle, 62).ToArbitrary(), value =>
            LabelFormats.IsLabelValue(value).Count == 0 && LabelFormats.IsLabelValue("").Count == 0 &&
            LabelFormats.IsLabelValue(value + "/").Count == 1);

    [Property]
    public Property LabelValuesOver63BytesAreRejected() =>
        Prop.ForAll(Gen.Choose(64, 200).ToArbitrary(), length =>
            LabelFormats.IsLabelValue(new string('v', length)).SequenceEqual(["must be no more than 63 bytes"]));

    [Property]
    public Property ValidatorsNeverThrowOnArbitraryStrings() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), s =>
        {
            var value = s ?? "";
            _ = DnsNames.IsDns1123Label(value);
            _ = DnsNames.IsDns1123Subdomain(value);
            _ = DnsNames.IsDns1035Label(value);
            _ = LabelFormats.IsQualifiedName(value);
            _ = LabelFormats.IsLabelValue(value);
            _ = GoQuoting.Quote(value);
            return true;
        });
}
