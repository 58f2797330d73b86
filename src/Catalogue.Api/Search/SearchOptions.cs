using Catalogue.Api.Hosting;

namespace Catalogue.Api.Search;

/// <summary>The <c>Catalogue:Search</c> settings.</summary>
/// <param name="ExactCountsUpTo">
/// How many records a search may find and still have its total and facet counts counted one by one. Past it, they are
/// estimated from the records in the search index's sample (one in <see cref="SearchIndex.SampleRate"/>, or one in
/// <see cref="SearchIndex.CoarseSampleRate"/> when the sample itself holds more than this many records): counting every
/// record of a broad search ("stalin" finds one record in eight) costs more than its page, and grows with the catalogue.
/// The records that fail one filter alone, which a search that finds few counts in that filter's facet, are estimated
/// alike when they are more than this many.
/// </param>
/// <param name="SortedOnceFoundUpTo">
/// How many records a search in date order may find and still have its page found off the filters' and words' indexes
/// and sorted, rather than read off the date index in order (which walks past every earlier record that does not match).
/// </param>
public sealed record SearchOptions(int ExactCountsUpTo, int SortedOnceFoundUpTo = SearchOptions.DefaultSortedOnceFoundUpTo)
{
    public const string Section = "Catalogue:Search";
    public const int DefaultExactCountsUpTo = 4_000;

    /// <summary>
    /// A page walked off the date index meets its first matches late when they are rare or all lie late in time (a
    /// repository of the 1960s; years from 1960): 150–180 ms at 100,000 records, where a few thousand matches are found
    /// and sorted in 10–30 ms. Past this many the matches are dense enough for the walk to meet a page of them soon.
    /// </summary>
    public const int DefaultSortedOnceFoundUpTo = 5_000;

    public static SearchOptions From(IConfiguration configuration) =>
        new(Setting(configuration, nameof(ExactCountsUpTo), DefaultExactCountsUpTo), Setting(configuration, nameof(SortedOnceFoundUpTo), DefaultSortedOnceFoundUpTo));

    private static int Setting(IConfiguration configuration, string name, int byDefault) =>
        CatalogueConfigurationException.Integer(configuration, $"{Section}:{name}", $"a whole number, 0 or more (default {byDefault})", least: 0) ?? byDefault;

    /// <summary>How many records of the sample a search may find and still be counted exactly.</summary>
    public int SampleLimit => ExactCountsUpTo / SearchIndex.SampleRate;
}
