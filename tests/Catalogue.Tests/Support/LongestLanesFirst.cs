using Xunit.Abstractions;

// Three at once: a test often waits (for the async daemon, a process it started, a timeout it tests), and with two at
// a time on two cores one core then idled. Measured on a two-core machine, the whole run: 9 min 37 s against 10 min 30 s.
[assembly: CollectionBehavior(MaxParallelThreads = 3)]
[assembly: TestCollectionOrderer("Catalogue.Tests.Support.LongestLanesFirst", "Catalogue.Tests")]

namespace Catalogue.Tests.Support;

/// <summary>
/// The order xunit starts the test collections in. It runs three at once (above) and starts the next when one ends;
/// left to itself it orders them by a hash of their ids, which started the longest lane (the catalogue service's, five
/// minutes of the two cores' ten) after two others, so that it ran alone for the last minute and a half with a core idle. Longest first, as a scheduler balances jobs across machines: the three lanes of a shared
/// service, the service in processes of its own, then the classes of their own (seconds each) in xunit's order, which
/// fill in as the long ones end.
/// </summary>
public sealed class LongestLanesFirst : ITestCollectionOrderer
{
    private static readonly string[] Longest =
        [CatalogueCollection.Name, FindingAndExchangeCollection.Name, AuditAndFailuresCollection.Name, SeparateProcessesCollection.Name];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(collection => Array.IndexOf(Longest, collection.DisplayName) is var lane and >= 0 ? lane : Longest.Length);
}
