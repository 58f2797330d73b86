using Catalogue.Api.Imports;

namespace Catalogue.Tests.Imports;

/// <summary>A re-import measures the page against the record as the last import of a page left it, found by the source its events record.</summary>
public sealed class ImportSourceTests
{
    [Theory]
    [InlineData("http POST /api/imports", true)]
    [InlineData("http POST /api/imports/batches (batch 7d90545932d4430ebb0b8d38ef6ef0d4, item 1: seed-117886.txt)", true)]
    [InlineData("http POST /API/Imports", true)]
    [InlineData("cli import seed-117886.txt (batch 7d90545932d4430ebb0b8d38ef6ef0d4, item 1 of 1)", true)]
    [InlineData("http POST /api/records/01a2217b-f925-7999-8d8b-39e42fd483a4/title", false)]
    [InlineData("http POST /api/records", false)]
    [InlineData("cli reparse", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void a_change_came_from_an_import_when_its_source_says_so(string? source, bool imported) =>
        Assert.Equal(imported, ArchivePageImporter.IsImportSource(source));

    [Theory]
    [InlineData("http POST /api/imports", true)]
    [InlineData("http POST /API/Imports/", true)]
    [InlineData("http POST /api/imports/batches (batch 7d90545932d4430ebb0b8d38ef6ef0d4, item 1: seed-117886.txt)", true)]
    [InlineData("http POST /api/imports/batches/ (batch 7d90545932d4430ebb0b8d38ef6ef0d4, item 1: seed-117886.txt)", true)]
    [InlineData("cli import seed-117886.txt (batch 7d90545932d4430ebb0b8d38ef6ef0d4, item 1 of 1)", true)]
    [InlineData("http POST /api/imports/jsonl (batch 7d90545932d4430ebb0b8d38ef6ef0d4)", false)]
    [InlineData("http POST /api/imports/csv (batch 7d90545932d4430ebb0b8d38ef6ef0d4)", false)]
    [InlineData("http POST /api/imports/7d90545932d4430ebb0b8d38ef6ef0d4/revert", false)]
    [InlineData("cli import-jsonl records.jsonl (batch 7d90545932d4430ebb0b8d38ef6ef0d4)", false)]
    [InlineData("http POST /api/records/01a2217b-f925-7999-8d8b-39e42fd483a4/title", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void a_page_is_measured_against_the_last_import_of_a_page_only(string? source, bool ofAPage) =>
        Assert.Equal(ofAPage, ArchivePageImporter.IsPageImportSource(source));
}
