using System.Collections.Concurrent;

namespace Catalogue.Citations.Tests.Support;

/// <summary>
/// Threads that do nothing but parse, apart from the thread pool: property tests block every pool thread waiting
/// for their parse, and the hang detector must not be starved into reporting a hang that is not there.
/// </summary>
public sealed class ParsingThreads : TaskScheduler
{
    public static readonly ParsingThreads Instance = new(Math.Max(4, Environment.ProcessorCount * 2));

    private readonly BlockingCollection<Task> queue = [];

    private ParsingThreads(int threads)
    {
        for (var i = 0; i < threads; i++)
        {
            new Thread(() =>
            {
                foreach (var task in queue.GetConsumingEnumerable())
                {
                    TryExecuteTask(task);
                }
            })
            { IsBackground = true, Name = $"parsing {i}" }.Start();
        }
    }

    public override int MaximumConcurrencyLevel => int.MaxValue;

    protected override void QueueTask(Task task) => queue.Add(task);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => [.. queue];
}
