using System.Collections;
using System.Diagnostics;

namespace Catalogue.Tests.Support;

/// <summary>
/// What the in-memory exporter hands over, safe to read while spans of other requests (and of other hosts in the
/// test process: ActivitySources are global) are still being exported.
/// </summary>
public sealed class CapturedSpans : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];

    public int Count
    {
        get
        {
            lock (_spans) return _spans.Count;
        }
    }

    public bool IsReadOnly => false;

    public IReadOnlyList<Activity> Of(ActivityTraceId traceId)
    {
        lock (_spans) return _spans.Where(s => s.TraceId == traceId).ToList();
    }

    public void Add(Activity item)
    {
        lock (_spans) _spans.Add(item);
    }

    public void Clear()
    {
        lock (_spans) _spans.Clear();
    }

    public bool Contains(Activity item)
    {
        lock (_spans) return _spans.Contains(item);
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_spans) _spans.CopyTo(array, arrayIndex);
    }

    public bool Remove(Activity item)
    {
        lock (_spans) return _spans.Remove(item);
    }

    public IEnumerator<Activity> GetEnumerator()
    {
        lock (_spans) return _spans.ToList().GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
