namespace Coxswain.LocalCluster.OpenApi;

/// <summary>
/// The parameters kube-apiserver publishes on its operations (descriptions abridged from apimachinery's option types).
/// kubectl looks for <see cref="FieldValidation"/> on PATCH operations to decide whether the server validates fields.
/// </summary>
public static class ApiParameters
{
    public static readonly ApiParameter Name = Path("name", "name of the resource");
    public static readonly ApiParameter Namespace = Path("namespace", "object name and auth scope, such as for teams and projects");
    public static readonly ApiParameter Pretty = Query("pretty", SchemaKind.String, "If 'true', then the output is pretty printed.");

    public static readonly ApiParameter DryRun = Query("dryRun", SchemaKind.String,
        "When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed");
    public static readonly ApiParameter FieldManager = Query("fieldManager", SchemaKind.String,
        "fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.");
    public static readonly ApiParameter FieldValidation = Query("fieldValidation", SchemaKind.String,
        "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. The request will still succeed if there are no other errors, and will only persist the last of any duplicate fields. - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered.");
    public static readonly ApiParameter Force = Query("force", SchemaKind.Boolean,
        "Force is going to \"force\" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.");

    public static readonly ApiParameter AllowWatchBookmarks = Query("allowWatchBookmarks", SchemaKind.Boolean,
        "allowWatchBookmarks requests watch events with type \"BOOKMARK\". Servers that do not implement bookmarks may ignore this flag and bookmarks are sent at the server's discretion.");
    public static readonly ApiParameter Continue = Query("continue", SchemaKind.String,
        "The continue option should be set when retrieving more results from the server.");
    public static readonly ApiParameter FieldSelector = Query("fieldSelector", SchemaKind.String,
        "A selector to restrict the list of returned objects by their fields. Defaults to everything.");
    public static readonly ApiParameter LabelSelector = Query("labelSelector", SchemaKind.String,
        "A selector to restrict the list of returned objects by their labels. Defaults to everything.");
    public static readonly ApiParameter Limit = Query("limit", SchemaKind.Integer,
        "limit is a maximum number of responses to return for a list call. If more items exist, the server will set the `continue` field on the list metadata to a value that can be used with the same initial query to retrieve the next set of results.");
    public static readonly ApiParameter ResourceVersion = Query("resourceVersion", SchemaKind.String,
        "resourceVersion sets a constraint on what resource versions a request may be served from. Defaults to unset");
    public static readonly ApiParameter ResourceVersionMatch = Query("resourceVersionMatch", SchemaKind.String,
        "resourceVersionMatch determines how resourceVersion is applied to list calls. Defaults to unset");
    public static readonly ApiParameter SendInitialEvents = Query("sendInitialEvents", SchemaKind.Boolean,
        "`sendInitialEvents=true` may be set together with `watch=true`. In that case, the watch stream will begin with synthetic events to produce the current state of objects in the collection.");
    public static readonly ApiParameter TimeoutSeconds = Query("timeoutSeconds", SchemaKind.Integer,
        "Timeout for the list/watch call. This limits the duration of the call, regardless of any activity or inactivity.");
    public static readonly ApiParameter Watch = Query("watch", SchemaKind.Boolean,
        "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion.");

    public static readonly ApiParameter GracePeriodSeconds = Query("gracePeriodSeconds", SchemaKind.Integer,
        "The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately. If this value is nil, the default grace period for the specified type will be used. Defaults to a per object value if not specified. zero means delete immediately.");
    public static readonly ApiParameter OrphanDependents = Query("orphanDependents", SchemaKind.Boolean,
        "Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent objects be orphaned. If true/false, the \"orphan\" finalizer will be added to/removed from the object's finalizers list. Either this field or PropagationPolicy may be set, but not both.");
    public static readonly ApiParameter PropagationPolicy = Query("propagationPolicy", SchemaKind.String,
        "Whether and how garbage collection will be performed. Either this field or OrphanDependents may be set, but not both. Acceptable values are: 'Orphan' - orphan the dependents; 'Background' - allow the garbage collector to delete the dependents in the background; 'Foreground' - a cascading policy that deletes all dependents in the foreground.");

    /// <summary>Query parameters of list and watch operations.</summary>
    public static readonly IReadOnlyList<ApiParameter> ListOptions =
        [AllowWatchBookmarks, Continue, FieldSelector, LabelSelector, Limit, ResourceVersion, ResourceVersionMatch, SendInitialEvents, TimeoutSeconds, Watch];

    /// <summary>Query parameters of create and replace.</summary>
    public static readonly IReadOnlyList<ApiParameter> WriteOptions = [DryRun, FieldManager, FieldValidation];

    /// <summary>Query parameters of patch (including server-side apply).</summary>
    public static readonly IReadOnlyList<ApiParameter> PatchOptions = [DryRun, FieldManager, FieldValidation, Force];

    /// <summary>Query parameters of delete.</summary>
    public static readonly IReadOnlyList<ApiParameter> DeleteOptions = [DryRun, GracePeriodSeconds, OrphanDependents, PropagationPolicy];

    public static ApiParameter Query(string name, SchemaKind type, string description) => new(name, "query", type, description);

    public static ApiParameter Path(string name, string description) => new(name, "path", SchemaKind.String, description, Required: true);
}
