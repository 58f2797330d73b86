using System.Collections.Concurrent;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;

namespace Catalogue.Api.Audit;

/// <summary>
/// The shards this node's async daemon paused at an event it failed to process, until they process past it. The
/// daemon starts a paused shard again after a while to retry the event, and the shard says <c>running</c> until it
/// meets the event again: a probe asking then was told all was well (found from outside, the health flickering
/// between healthy and degraded every few seconds while the read models stood still).
/// </summary>
public sealed class StoppedShards : IObserver<ShardState>
{
    private readonly ConcurrentDictionary<string, long> _stoppedAfter = new();
    private readonly Lock _subscribing = new();
    private ShardStateTracker? _watched;

    /// <summary>Follows the daemon's shards from now on (once for each daemon this node has had).</summary>
    public void Watch(IProjectionDaemon daemon)
    {
        var tracker = daemon.Tracker;
        if (ReferenceEquals(Volatile.Read(ref _watched), tracker)) return;
        lock (_subscribing)
        {
            if (ReferenceEquals(_watched, tracker)) return;
            tracker.Subscribe(this);
            Volatile.Write(ref _watched, tracker);
        }
    }

    /// <summary>Whether the shard was paused at an event and has not processed past it since.</summary>
    public bool Holds(ShardName shard) => _stoppedAfter.ContainsKey(shard.Identity);

    public void OnNext(ShardState value)
    {
        switch (value.Action)
        {
            case ShardAction.Paused:
                _stoppedAfter[value.ShardName] = value.Sequence;
                break;
            case ShardAction.Updated when _stoppedAfter.TryGetValue(value.ShardName, out var stoppedAfter) && value.Sequence > stoppedAfter:
            case ShardAction.Stopped:
                _stoppedAfter.TryRemove(value.ShardName, out _);
                break;
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }
}
