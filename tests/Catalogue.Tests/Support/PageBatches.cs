using System.Net.Http.Headers;
using System.Text;
using Catalogue.Tests.Imports;

namespace Catalogue.Tests.Support;

/// <summary>Batches of archive pages as a client uploads them: multipart/form-data, a file per page.</summary>
public static class PageBatches
{
    public const string Route = "/api/imports/batches";

    /// <summary>The seed page as the page of document <paramref name="documentId"/>, named as a file.</summary>
    public static (string Name, byte[] Bytes) Page(int documentId) =>
        ($"page-{documentId}.txt", Encoding.UTF8.GetBytes(when_the_seed_page_is_imported.SeedPageAs(documentId)));

    public static MultipartFormDataContent Batch(params (string Name, byte[] Bytes)[] pages)
    {
        var batch = new MultipartFormDataContent();
        foreach (var (name, bytes) in pages)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
            batch.Add(part, "page", name);
        }

        return batch;
    }
}
