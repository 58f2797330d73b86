using Catalogue.Api.History;
using Catalogue.Api.Imports;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Imports;

/// <summary>
/// What an import replaces of archivists' work: a field it changes that someone corrected by a command after the
/// record was last imported, with who, when and why; nothing an import set, and nothing corrected before the last import.
/// </summary>
public sealed class OverwrittenCorrectionsTests
{
    private const string PageImport = "http POST /api/imports";
    private const string TitleCommand = "http POST /api/records/0f6d1c52-7a43-4a8e-9a43-000000117886/title";
    private const string HouseStyle = "Memorandum of Conversation with Zhou Enlai, 10 November 1949";

    /// <summary>An event as the store gives it back, with the headers the write path stamps on it.</summary>
    private static RecordEvent Stored(long version, IRecordEvent data, string actor, string source, string? reason = null)
    {
        var headers = new Dictionary<string, object> { ["source"] = source };
        if (reason is not null) headers["reason"] = reason;
        var type = RecordEvents.StoredNames.Single(n => n.Event == data.GetType()).StoredName;
        return new RecordEvent(RecordLives.Id, version, version, type, RecordLives.AccessionedAt.AddMinutes(version), actor, null, null, headers, data);
    }

    /// <summary>The seed imported from its page (its title, its summary), then its title put in house style by an archivist.</summary>
    private static List<RecordEvent> ImportedThenCorrected() =>
    [
        Stored(1, RecordLives.Accessioned(), "key:importer", PageImport),
        Stored(2, new SummaryRevised("Conversation between Roshchin and Zhou Enlai."), "key:importer", PageImport),
        Stored(3, new TitleRevised(HouseStyle), "key:archivist", TitleCommand, "House style"),
    ];

    [Fact]
    public void a_title_corrected_since_the_last_import_and_replaced_is_told_with_who_when_and_why()
    {
        var history = ImportedThenCorrected();

        var overwritten = OverwrittenCorrections.Find(history, OverwrittenCorrections.LastImported(history), [new TitleRevised("A title the page gives now"), new SummaryRevised("A summary the page gives now")]);

        var title = Assert.Single(overwritten);
        Assert.Equal("title", title.Field);
        Assert.Equal((3L, "key:archivist", "House style", "title_revised"), (title.Correction.Version, title.Correction.Actor, title.Correction.Reason, title.Correction.Type));
        Assert.Equal(RecordLives.AccessionedAt.AddMinutes(3), title.Correction.Timestamp);
    }

    [Fact]
    public void a_correction_made_before_the_last_import_is_the_import_s_to_replace()
    {
        var history = ImportedThenCorrected();
        history.Add(Stored(4, new SummaryRevised("Roshchin and Zhou Enlai on Mao's visit."), "key:importer", PageImport));

        Assert.Equal(4, OverwrittenCorrections.LastImported(history));
        Assert.Empty(OverwrittenCorrections.Find(history, OverwrittenCorrections.LastImported(history), [new TitleRevised("A title the page gives now")]));
    }

    [Fact]
    public void an_import_that_leaves_the_correction_as_it_is_overwrites_nothing() =>
        Assert.Empty(OverwrittenCorrections.Find(ImportedThenCorrected(), 2, [new SummaryRevised("A summary the page gives now"), new DocumentTypeRevised("Record of Conversation")]));

    /// <summary>A record no import wrote to was corrected since its accession; the accession itself corrected nothing.</summary>
    [Fact]
    public void on_a_record_never_imported_a_command_after_the_accession_is_a_correction()
    {
        List<RecordEvent> history =
        [
            Stored(1, RecordLives.Accessioned(), "key:archivist", "http POST /api/records"),
            Stored(2, new DocumentTypeRevised("Diary Entry"), "key:archivist", "http POST /api/records/x/document-type", "An entry of the diary"),
        ];

        var overwritten = OverwrittenCorrections.Find(history, OverwrittenCorrections.LastImported(history), [new DocumentTypeRevised("Telegram"), new TitleRevised("Telegram")]);

        Assert.Equal(["documentType"], overwritten.Select(o => o.Field));
    }

    [Theory]
    [InlineData("http POST /api/imports/jsonl (batch 7d90545932d4430ebb0b8d38ef6ef0d4)", true)]
    [InlineData("cli import-csv catalogue.csv (batch 7d90545932d4430ebb0b8d38ef6ef0d4)", true)]
    [InlineData("cli import seed-117886.txt (batch 7d90545932d4430ebb0b8d38ef6ef0d4, item 1 of 1)", true)]
    [InlineData("http POST /api/imports/7d90545932d4430ebb0b8d38ef6ef0d4/revert", false)]
    [InlineData("http POST /api/records/01a2217b-f925-7999-8d8b-39e42fd483a4/title", false)]
    public void an_import_is_any_import_but_a_revert(string source, bool imported) =>
        Assert.Equal(imported, OverwrittenCorrections.IsImport(source));
}
