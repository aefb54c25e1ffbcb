using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Coxswain.LocalCluster.Server;

/// <summary>
/// Writes <c>&lt;data-dir&gt;/kubeconfig</c>: one cluster, user and context, all named <c>coxswain</c>, with
/// the CA inline (certificate-authority-data) so the file works wherever it is copied.
/// </summary>
public static class KubeconfigWriter
{
    public const string FileName = "kubeconfig";
    public const string Name = "coxswain";

    /// <summary>Writes the kubeconfig (0600: it holds the token) and returns its path.</summary>
    public static string Write(string dataDirectory, Uri server, string authorityPem, AccessToken token)
    {
        var path = Path.Combine(dataDirectory, FileName);
        StateFiles.WriteAtomically(path, Render(server, authorityPem, token), secret: true);
        return path;
    }

    /// <summary>
    /// The kubeconfig text. Values are emitted as double-quoted scalars in JSON escaping, which YAML reads
    /// identically, so no server URL or token can break the document.
    /// </summary>
    public static string Render(Uri server, string authorityPem, AccessToken token)
    {
        // Scheme, host and port only ("https://127.0.0.1:6443", as kubeadm writes it), not Uri.ToString()'s trailing "/".
        var serverUrl = server.GetLeftPart(UriPartial.Authority);
        var authorityData = Convert.ToBase64String(Encoding.UTF8.GetBytes(authorityPem));
        return $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {{Name}}
              cluster:
                server: {{Quote(serverUrl)}}
                certificate-authority-data: {{Quote(authorityData)}}
            users:
            - name: {{Name}}
              user:
                token: {{Quote(token.Value)}}
            contexts:
            - name: {{Name}}
              context:
                cluster: {{Name}}
                user: {{Name}}
            current-context: {{Name}}
            preferences: {}

            """;
    }

    /// <summary>
    /// A pod's kubeconfig: the CA file of its service-account directory, its token, and the pod's namespace as the
    /// context's default, as a service account would use them.
    /// </summary>
    public static string RenderForPod(Uri server, string authorityFile, string token, string @namespace) => $$"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: {{Name}}
          cluster:
            server: {{Quote(server.GetLeftPart(UriPartial.Authority))}}
            certificate-authority: {{Quote(authorityFile)}}
        users:
        - name: {{Name}}
          user:
            token: {{Quote(token)}}
        contexts:
        - name: {{Name}}
          context:
            cluster: {{Name}}
            user: {{Name}}
            namespace: {{Quote(@namespace)}}
        current-context: {{Name}}
        preferences: {}

        """;

    /// <summary>Relaxed escaping keeps base64's '+' readable instead of "\u002B"; the HTML-safety it gives up is irrelevant in YAML.</summary>
    static readonly JsonSerializerOptions QuotingOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    static string Quote(string value) => JsonSerializer.Serialize(value, QuotingOptions);
}
