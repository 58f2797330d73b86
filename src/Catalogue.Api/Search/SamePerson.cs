using Catalogue.Api.Authorities.People;
using Marten;

namespace Catalogue.Api.Search;

/// <summary>
/// Names tolerant of how they were written, through the people authority: once an archivist has recorded that "Chou
/// En-lai" is Zhou Enlai, a search for either finds the records that write the other. The words typed, when they are
/// a person's name (a heading, an alias, or the name of a person merged into another), also find the person's other
/// names as phrases; a <c>person</c> filter takes every name of the person it names.
/// </summary>
public static class SamePerson
{
    /// <summary>At most this many other names are searched for one person: a heading with a long tail of aliases is rare.</summary>
    public const int MaxOtherNames = 20;

    public static async Task<SearchRequest> WidenAsync(IQuerySession session, SearchRequest request, CancellationToken ct)
    {
        var otherNames = request.Q is { } q && IsPlainName(q) ? Others(q, await PeopleAuthority.NamesOfTheSamePersonAsync(session, q, ct)) : [];

        var otherPeople = new List<string>();
        if (request.Values.TryGetValue(SearchFilter.Person, out var people))
        {
            foreach (var person in people) otherPeople.AddRange(await PeopleAuthority.NamesOfTheSamePersonAsync(session, person, ct));
        }

        return request with { OtherNames = otherNames, OtherPeople = [.. otherPeople.Except(people ?? [], StringComparer.Ordinal)] };
    }

    /// <summary>Words that could be a name as written: no quotes, no excluded words, no <c>or</c>.</summary>
    private static bool IsPlainName(string q) =>
        !q.Contains('"') && !q.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => w.StartsWith('-') || w.Equals("or", StringComparison.OrdinalIgnoreCase));

    private static IReadOnlyList<string> Others(string typed, IReadOnlyList<string> names) =>
        [.. names.Where(n => !string.Equals(n.Trim(), typed.Trim(), StringComparison.OrdinalIgnoreCase)).Take(MaxOtherNames)];
}
