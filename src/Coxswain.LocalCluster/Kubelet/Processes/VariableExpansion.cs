using System.Text;

namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>
/// Kubernetes' <c>$(VAR_NAME)</c> expansion in env values, command and args (the forked Go <c>expansion</c> package):
/// a defined variable is replaced, an undefined reference is left as written, <c>$$</c> escapes a <c>$</c>.
/// </summary>
public static class VariableExpansion
{
    public static string Expand(string input, Func<string, string?> lookup)
    {
        if (!input.Contains('$')) return input;
        var result = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] != '$' || i + 1 >= input.Length)
            {
                result.Append(input[i]);
                continue;
            }
            var next = input[i + 1];
            if (next == '$')
            {
                result.Append('$');
                i++;
            }
            else if (next == '(' && input.IndexOf(')', i + 2) is var close and > 0)
            {
                var name = input[(i + 2)..close];
                result.Append(lookup(name) ?? $"$({name})");
                i = close;
            }
            else result.Append('$');
        }
        return result.ToString();
    }
}
