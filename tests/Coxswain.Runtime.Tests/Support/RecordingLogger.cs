using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Coxswain.Runtime.Tests.Support;

/// <summary>Records log lines with the scope values active when each was written.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly AsyncLocal<ImmutableScopes?> _scopes = new();

    public ConcurrentQueue<LogLine> Lines { get; } = new();

    public IDisposable BeginScope<TState>(TState state) where TState : notnull
    {
        var parent = _scopes.Value;
        _scopes.Value = new ImmutableScopes(state, parent);
        return new Pop(() => _scopes.Value = parent);
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = new Dictionary<string, object?>();
        for (var scope = _scopes.Value; scope is not null; scope = scope.Parent)
        {
            if (scope.State is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    values.TryAdd(key, value);
                }
            }
        }

        Lines.Enqueue(new LogLine(logLevel, formatter(state, exception), exception, values));
    }

    public sealed record LogLine(LogLevel Level, string Message, Exception? Exception, IReadOnlyDictionary<string, object?> Scope);

    private sealed record ImmutableScopes(object State, ImmutableScopes? Parent);

    private sealed class Pop(Action pop) : IDisposable
    {
        public void Dispose() => pop();
    }
}
