namespace Coxswain.Cli;

/// <summary>Quoting for values printed as POSIX shell commands the user may paste.</summary>
internal static class ShellQuoting
{
    const string SafeCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./_-";

    /// <summary>The value unchanged when the shell would read it literally anyway, otherwise single-quoted.</summary>
    public static string Quote(string value) =>
        value.Length > 0 && value.All(SafeCharacters.Contains)
            ? value
            : "'" + value.Replace("'", @"'\''") + "'";
}
