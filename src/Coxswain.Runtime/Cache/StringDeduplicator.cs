using System.Collections;
using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using k8s.Models;

namespace Coxswain.Runtime.Cache;

/// <summary>
/// Replaces every string of a KubernetesClient model object graph (properties, string lists, string maps such as labels
/// and annotations, keys of quantity maps) by its <see cref="StringPool"/> instance, in place. The object must be fresh
/// from the wire and not yet shared — a store transform is. Values unique to each object (name, uid, resourceVersion)
/// are left alone: pooling them would only churn the pool.
/// </summary>
internal static class StringDeduplicator
{
    private static readonly ConcurrentDictionary<Type, PropertyPlan[]> Plans = new();

    private static readonly HashSet<(Type, string)> UniquePerObject =
    [
        (typeof(V1ObjectMeta), nameof(V1ObjectMeta.Name)),
        (typeof(V1ObjectMeta), nameof(V1ObjectMeta.Uid)),
        (typeof(V1ObjectMeta), nameof(V1ObjectMeta.ResourceVersion)),
    ];

    public static void Deduplicate(object? obj, StringPool pool)
    {
        if (obj is null)
        {
            return;
        }

        foreach (var property in Plans.GetOrAdd(obj.GetType(), Plan))
        {
            var value = property.Get(obj);
            switch (property.Kind, value)
            {
                case (_, null):
                    break;
                case (PropertyKind.String, string text):
                    property.Set!(obj, pool.Intern(text)); // planned only when writable
                    break;
                case (PropertyKind.StringList, IList<string> list):
                    for (var i = 0; i < list.Count; i++)
                    {
                        list[i] = pool.Intern(list[i]);
                    }

                    break;
                case (PropertyKind.StringMap, IDictionary<string, string> map):
                    var pooled = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
                    foreach (var (key, text) in map)
                    {
                        pooled[pool.Intern(key)] = text is null ? null! : pool.Intern(text);
                    }

                    property.Set!(obj, pooled);
                    break;
                case (PropertyKind.ModelMap, IDictionary map):
                    // Keys (e.g. "cpu", "memory" of resource maps) are shared; values are models walked in turn.
                    var keys = map.Keys.Cast<string>().ToList();
                    foreach (var key in keys)
                    {
                        var item = map[key];
                        map.Remove(key);
                        map[pool.Intern(key)] = item;
                        Deduplicate(item, pool);
                    }

                    break;
                case (PropertyKind.ModelList, IEnumerable items):
                    foreach (var item in items)
                    {
                        Deduplicate(item, pool);
                    }

                    break;
                case (PropertyKind.Model, _):
                    Deduplicate(value, pool);
                    break;
            }
        }
    }

    private static PropertyPlan[] Plan(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .Select(p => (Property: p, Kind: KindOf(type, p)))
            .Where(p => p.Kind is not null && (p.Property.CanWrite || p.Kind is PropertyKind.StringList or PropertyKind.ModelList or PropertyKind.ModelMap or PropertyKind.Model))
            .Select(p => new PropertyPlan(p.Kind!.Value, Getter(p.Property), p.Property.CanWrite ? Setter(p.Property) : null))];

    private static PropertyKind? KindOf(Type owner, PropertyInfo property)
    {
        var type = property.PropertyType;
        if (type == typeof(string))
        {
            return UniquePerObject.Contains((owner, property.Name)) || !property.CanWrite ? null : PropertyKind.String;
        }

        if (type == typeof(IList<string>) || type == typeof(List<string>))
        {
            return PropertyKind.StringList;
        }

        if (type == typeof(IDictionary<string, string>))
        {
            return property.CanWrite ? PropertyKind.StringMap : null;
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var key, var value] && key == typeof(string) && IsModel(value)
            && typeof(IDictionary<,>).MakeGenericType(key, value).IsAssignableFrom(type))
        {
            return PropertyKind.ModelMap;
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var element] && IsModel(element)
            && typeof(IEnumerable<>).MakeGenericType(element).IsAssignableFrom(type))
        {
            return PropertyKind.ModelList;
        }

        return IsModel(type) ? PropertyKind.Model : null;
    }

    // Classes of the KubernetesClient models (or of the caller's own models in the same style): walked property by property.
    private static bool IsModel(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type)
        && type.Namespace is { } ns && (ns == typeof(V1Pod).Namespace || ns.StartsWith("Coxswain", StringComparison.Ordinal));

    private static Func<object, object?> Getter(PropertyInfo property)
    {
        var instance = Expression.Parameter(typeof(object));
        var body = Expression.Convert(Expression.Property(Expression.Convert(instance, property.DeclaringType!), property), typeof(object));
        return Expression.Lambda<Func<object, object?>>(body, instance).Compile();
    }

    private static Action<object, object?> Setter(PropertyInfo property)
    {
        var instance = Expression.Parameter(typeof(object));
        var value = Expression.Parameter(typeof(object));
        var body = Expression.Assign(
            Expression.Property(Expression.Convert(instance, property.DeclaringType!), property), Expression.Convert(value, property.PropertyType));
        return Expression.Lambda<Action<object, object?>>(body, instance, value).Compile();
    }

    private enum PropertyKind
    {
        String,
        StringList,
        StringMap,
        ModelMap,
        ModelList,
        Model,
    }

    private sealed record PropertyPlan(PropertyKind Kind, Func<object, object?> Get, Action<object, object?>? Set);
}
