using System.Text;
using k8s;

namespace Coxswain.Manifests;

/// <summary>Renders objects as one multi-document YAML stream (or a JSON <c>v1/List</c>), ready for <c>kubectl apply -f -</c>.</summary>
public static class ManifestRenderer
{
    public static string ToYaml(IEnumerable<IKubernetesObject> objects)
    {
        var text = new StringBuilder();
        foreach (var obj in objects)
        {
            text.Append("---\n");
            text.Append(KubernetesYaml.Serialize(obj).TrimEnd('\n')).Append('\n');
        }
        return text.ToString();
    }

    public static string ToJsonList(IEnumerable<IKubernetesObject> objects)
    {
        var items = string.Join(",\n", objects.Select(o => KubernetesJson.Serialize(o)));
        return "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[\n" + items + "\n]}\n";
    }
}
