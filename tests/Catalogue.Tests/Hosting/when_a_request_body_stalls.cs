using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Catalogue.Tests.Imports;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// A client that declares a body and then stops sending it (a dead link, a stuck upload) is given up by the server
/// after its minimum data rate (Kestrel's, 240 bytes a second after 5 s). The answer says so in the catalogue's words
/// and fits what was being sent (a command, a page, a batch, a bulk import); only the real server measures the rate, so this runs the service as its own process.
/// </summary>
public sealed class when_a_request_body_stalls(CatalogueService service) : CatalogueScenario(service)
{
    private const string AdminKey = "stalled-body-admin-key";

    [Fact]
    public async Task the_client_is_told_that_its_body_did_not_arrive_in_time_and_nothing_is_changed()
    {
        using var catalogue = await CatalogueCli.StartServiceAsync(await Service.NewDatabaseAsync("catalogue_stall"), AdminKey);
        var command = StalledAsync(catalogue.Address, "/api/records", "application/json", "{\"title\":\"From the Diary of N.V. Roshchin");
        var page = StalledAsync(catalogue.Address, "/api/imports", "text/plain", when_the_seed_page_is_imported.SeedPage[..200]);
        var batch = StalledAsync(
            catalogue.Address, PageBatches.Route, "multipart/form-data; boundary=stalled",
            "--stalled\r\nContent-Disposition: form-data; name=\"page\"; filename=\"page-1.txt\"\r\n\r\n" + when_the_seed_page_is_imported.SeedPage[..200]);
        var import = StalledAsync(catalogue.Address, "/api/imports/jsonl", "application/x-ndjson", "{\"title\":\"Telegram 1\"}\n{\"title\":\"Telegram 2\"}\n");

        var commandReply = await command;
        Assert.True(commandReply.Status == HttpStatusCode.RequestTimeout, $"{(int)commandReply.Status}: {commandReply.Text}\n{catalogue.Output}");
        Assert.Equal("The request body did not arrive in time", commandReply.Json["title"]!.GetValue<string>());
        Assert.DoesNotContain("MinRequestBodyDataRate", commandReply.Text);

        var pageReply = await page;
        Assert.True(pageReply.Status == HttpStatusCode.RequestTimeout, $"{(int)pageReply.Status}: {pageReply.Text}\n{catalogue.Output}");
        Assert.Equal("The page did not arrive in time", pageReply.Json["title"]!.GetValue<string>());
        Assert.Contains("Send the page again", pageReply.Json["detail"]!.GetValue<string>());
        Assert.DoesNotContain("MinRequestBodyDataRate", pageReply.Text);
        Assert.DoesNotContain("JSON", pageReply.Text);

        var batchReply = await batch;
        Assert.True(batchReply.Status == HttpStatusCode.RequestTimeout, $"{(int)batchReply.Status}: {batchReply.Text}\n{catalogue.Output}");
        Assert.Equal("The batch did not arrive in time", batchReply.Json["title"]!.GetValue<string>());
        Assert.Empty(batchReply.Json["pages"]!.AsArray());
        Assert.DoesNotContain("MinRequestBodyDataRate", batchReply.Text);

        // Found from outside: a bulk import was also told that nothing was changed and to retry under its Idempotency-Key,
        // which bulk imports refuse, beside where it stopped and how to resume its batch.
        var importReply = await import;
        Assert.True(importReply.Status == HttpStatusCode.RequestTimeout, $"{(int)importReply.Status}: {importReply.Text}\n{catalogue.Output}");
        Assert.Equal("The import did not arrive in time", importReply.Json["title"]!.GetValue<string>());
        var resumed = importReply.Json["detail"]!.GetValue<string>();
        Assert.Contains("The import stopped after line 0; what came before is imported. Send the same input again to /api/imports/jsonl?batch=", resumed);
        Assert.DoesNotContain("Nothing was changed", resumed);
        Assert.DoesNotContain("Idempotency-Key", resumed);

        var admin = new Support.Api(new HttpClient { BaseAddress = catalogue.Address }, AdminKey);
        Assert.Empty(await Support.Catalogue.ListedRecords(admin));
    }

    /// <summary>
    /// Sends the start of a body that declares itself much longer, then nothing, over a socket of its own (a client
    /// library would not read the answer before it had sent the whole body); the server answers and closes.
    /// </summary>
    private static async Task<Reply> StalledAsync(Uri address, string path, string contentType, string start)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        var body = Encoding.UTF8.GetBytes(start);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {address.Authority}\r\nX-Api-Key: {AdminKey}\r\nContent-Type: {contentType}\r\n"
            + $"Content-Length: {body.Length + 100_000}\r\n\r\n"));
        await stream.WriteAsync(body);

        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer).WaitAsync(TimeSpan.FromSeconds(60));
        return Parse(answer.ToArray());
    }

    /// <summary>An HTTP/1.1 response as it came off the wire, its body de-chunked.</summary>
    private static Reply Parse(byte[] raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(headEnd > 0, $"no HTTP response: {text}");
        var head = text[..headEnd].Split("\r\n");
        var body = text[(headEnd + 4)..];
        if (head.Any(h => h.Equals("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase)))
        {
            var whole = new StringBuilder();
            for (var at = 0; ;)
            {
                var sizeEnd = body.IndexOf("\r\n", at, StringComparison.Ordinal);
                var size = Convert.ToInt32(body[at..sizeEnd], 16);
                if (size == 0) break;
                whole.Append(body, sizeEnd + 2, size);
                at = sizeEnd + 2 + size + 2;
            }

            body = whole.ToString();
        }

        using var response = new HttpResponseMessage((HttpStatusCode)int.Parse(head[0].Split(' ')[1]));
        return new Reply(response.StatusCode, response.Headers, null, body);
    }
}
