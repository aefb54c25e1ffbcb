using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tests.Api;

/// <summary>
/// A watch stream read line by line off the wire, for checks the client library would hide (BOOKMARK and ERROR events,
/// exact ordering, when the server ends the stream).
/// </summary>
public sealed class RawWatch : IAsyncDisposable
{
    readonly HttpResponseMessage response;
    readonly StreamReader reader;

    RawWatch(HttpResponseMessage response, StreamReader reader)
    {
        this.response = response;
        this.reader = reader;
    }

    public int StatusCode => (int)response.StatusCode;

    public static async Task<RawWatch> OpenAsync(HttpClient http, string pathAndQuery)
    {
        var response = await http.GetAsync(pathAndQuery, HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        return new RawWatch(response, reader);
    }

    /// <summary>The next event (<c>{"type":…,"object":…}</c>), or null when the server ended the stream.</summary>
    public async Task<JsonObject?> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var line = await reader.ReadLineAsync(cancel.Token);
        return line is null ? null : JsonNode.Parse(line)!.AsObject();
    }

    /// <summary>Reads exactly <paramref name="count"/> events, failing if the stream ends or stalls first.</summary>
    public async Task<List<JsonObject>> TakeAsync(int count, TimeSpan? timeout = null)
    {
        var events = new List<JsonObject>(count);
        while (events.Count < count)
            events.Add(await NextAsync(timeout) ?? throw new EndOfStreamException($"stream ended after {events.Count} of {count} events"));
        return events;
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}

public static class WatchEventJson
{
    public static string Type(this JsonObject e) => (string)e["type"]!;
    public static string Name(this JsonObject e) => (string)e["object"]!["metadata"]!["name"]!;
    public static long ResourceVersion(this JsonObject e) => long.Parse((string)e["object"]!["metadata"]!["resourceVersion"]!);
}
