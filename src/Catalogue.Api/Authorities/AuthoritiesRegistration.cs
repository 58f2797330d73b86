using Catalogue.Api.Audit;
using Catalogue.Api.Authorities.People;
using Catalogue.Api.Hosting;
using Npgsql;

namespace Catalogue.Api.Authorities;

public static class AuthoritiesRegistration
{
    /// <summary>
    /// The authorities — people, places and subjects — as access points to the records: person events under their stored
    /// names, two async read models (each record's access points, the directory of names) and the people's authorities,
    /// inline: which person a name is is decided against them, so they are written with each person command's events
    /// (<see cref="PersonWriter"/>); the counts and suggestions are read from all three.
    /// </summary>
    public static CatalogueBuilder AddAuthorities(this CatalogueBuilder catalogue) => catalogue
        .Model(PersonEvents.Register)
        .AsyncReadModel<RecordAccessPointsProjection, RecordAccessPoints>()
        .AsyncReadModel<AuthorityNameProjection, AuthorityName>()
        .ReadModel<PersonAuthorityProjection, PersonAuthority>()
        .Services(builder => builder.Services.AddScoped<PersonWriter>())
        // An earlier version folded names otherwise ("𠮷 Taro" was "Taro", "Strauß" not "STRAUSS", ド was ト): the documents
        // naming a letter it folded otherwise are made again.
        .ReadModelShape(new(nameof(RecordAccessPoints), RecordAccessPoints.Table, AccessPointKeys.FoldedByCharacter, AccessPointKeys.FoldedOtherwise,
            AccessPointKeys.FoldedOtherwiseBefore(null, "concat(data -> 'Creators', data -> 'Participants', data -> 'Translations', data -> 'Acquisitions', data -> 'Places', data -> 'Subjects')")))
        .ReadModelShape(new(nameof(AuthorityName), AuthorityName.Table, AccessPointKeys.FoldedByCharacter, AccessPointKeys.FoldedOtherwise,
            AccessPointKeys.FoldedOtherwiseBefore(null, "data -> 'Name'")))
        // Every person's authority, which also says now the key its stream was named by (FoundingKey): few, and read only
        // from the people's events.
        .ReadModelShape(new(nameof(PersonAuthority), PersonAuthority.Table, AccessPointKeys.FoldedByCharacter, AccessPointKeys.FoldedOtherwise)
        {
            Rebuilt = PeopleSharingANameAsync,
            CommandsDecideAgainstIt = true,
        });

    /// <summary>
    /// Tells the log of the people whom archivists decided about apart under an earlier version and who now have a name in
    /// common ("Johann Strauß" and "JOHANN STRAUSS", once ß is ss): each counts that name's records until they are merged,
    /// which is an archivist's decision, so the upgrade does not make it.
    /// </summary>
    private static async Task PeopleSharingANameAsync(NpgsqlDataSource dataSource, ILogger log, CancellationToken ct)
    {
        await using var find = dataSource.CreateCommand(
            $"""
             select k, array_agg(data ->> 'Name' || ' (' || id || ')' order by id) from {PersonAuthority.Table}, unnest(keys) k
             where data ->> 'MergedInto' is null group by k having count(*) > 1 order by k
             """);
        await using var reader = await find.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            log.LogWarning(
                "{People} now have the name \"{Key}\" in common, which this version folds alike: each counts its records until they are merged (POST /api/people/{{id}}/merge)",
                string.Join(" and ", reader.GetFieldValue<string[]>(1)), reader.GetString(0));
        }
    }
}
