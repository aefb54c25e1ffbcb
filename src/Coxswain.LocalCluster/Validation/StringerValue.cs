namespace Coxswain.LocalCluster.Validation;

/// <summary>
/// A field error value that Go prints through its String() method, hence unquoted: resource quantities
/// ("Invalid value: 1500m: must be an integer") and timestamps ("2024-05-01 10:00:00 +0000 UTC").
/// </summary>
public sealed record StringerValue(string Text)
{
    public override string ToString() => Text;
}
