using System.Text;

namespace Coxswain.Bench.Support;

/// <summary>
/// A realistic pod as a Deployment's ReplicaSet would create it (labels, owner reference, one container with ports, env,
/// resources, a probe and mounts; volumes, tolerations): about 1.5 KB of compact JSON. Only the name varies, so bodies are
/// spliced from two pre-encoded halves and building one costs the load generator next to nothing.
/// </summary>
public static class PodManifest
{
    public const string Namespace = "default";

    const string NamePlaceholder = "@NAME@";

    /// <summary>The uid of the owning ReplicaSet in the template; replace it with a real owner's to keep the garbage collector away.</summary>
    public const string TemplateOwnerUid = "3f9b7a62-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

    const string Template = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"@NAME@","namespace":"default",
        "labels":{"app.kubernetes.io/name":"checkout","app.kubernetes.io/instance":"checkout-prod","pod-template-hash":"7d9f8c6b5d","tier":"backend"},
        "annotations":{"prometheus.io/scrape":"true","prometheus.io/port":"9090"},
        "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"checkout-7d9f8c6b5d","uid":"3f9b7a62-1c2d-4e5f-8a9b-0c1d2e3f4a5b","controller":true,"blockOwnerDeletion":true}]},
        "spec":{"containers":[{"name":"api","image":"registry.example.com/shop/checkout:1.24.3","imagePullPolicy":"IfNotPresent",
        "ports":[{"name":"http","containerPort":8080,"protocol":"TCP"},{"name":"metrics","containerPort":9090,"protocol":"TCP"}],
        "env":[{"name":"DATABASE_URL","valueFrom":{"secretKeyRef":{"name":"checkout-db","key":"url"}}},{"name":"POD_NAME","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}],
        "resources":{"requests":{"cpu":"250m","memory":"256Mi"},"limits":{"cpu":"1","memory":"512Mi"}},
        "readinessProbe":{"httpGet":{"path":"/readyz","port":8080},"periodSeconds":5,"failureThreshold":3},
        "volumeMounts":[{"name":"config","mountPath":"/etc/checkout","readOnly":true},{"name":"tmp","mountPath":"/tmp"}]}],
        "volumes":[{"name":"config","configMap":{"name":"checkout-config"}},{"name":"tmp","emptyDir":{"sizeLimit":"64Mi"}}],
        "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"checkout",
        "tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]}}
        """;

    static readonly byte[] Head, Tail;

    static PodManifest()
    {
        var compact = Template.Replace("\r", "").Replace("\n", "");
        var at = compact.IndexOf(NamePlaceholder, StringComparison.Ordinal);
        Head = Encoding.UTF8.GetBytes(compact[..at]);
        Tail = Encoding.UTF8.GetBytes(compact[(at + NamePlaceholder.Length)..]);
    }

    /// <summary>The pod's JSON with the given name, as bytes ready to send.</summary>
    public static byte[] Json(string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var json = new byte[Head.Length + nameBytes.Length + Tail.Length];
        Head.CopyTo(json, 0);
        nameBytes.CopyTo(json, Head.Length);
        Tail.CopyTo(json, Head.Length + nameBytes.Length);
        return json;
    }

    /// <summary>kube-apiserver's etcd key for a pod (<c>/registry/pods/{namespace}/{name}</c>).</summary>
    public static string EtcdKey(string name) => $"/registry/pods/{Namespace}/{name}";

    public const string EtcdPrefix = "/registry/pods/";

    public const string PodsPath = "/api/v1/namespaces/" + Namespace + "/pods";
}
