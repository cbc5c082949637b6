using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReshipDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReportsAndFreightRates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CourierFreightRates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Carrier = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    FreightFen = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CourierFreightRates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Shipments_Kind_Carrier_CreatedAtUtc",
                table: "Shipments",
                columns: new[] { "Kind", "Carrier", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ReshipRequests_CreatedAtUtc",
                table: "ReshipRequests",
                column: "CreatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_CreatedAtUtc_Status",
                table: "Reissues",
                columns: new[] { "CreatedAtUtc", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_CourierFreightRates_Carrier",
                table: "CourierFreightRates",
                column: "Carrier",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CourierFreightRates");

            migrationBuilder.DropIndex(
                name: "IX_Shipments_Kind_Carrier_CreatedAtUtc",
                table: "Shipments");

            migrationBuilder.DropIndex(
                name: "IX_ReshipRequests_CreatedAtUtc",
                table: "ReshipRequests");

            migrationBuilder.DropIndex(
                name: "IX_Reissues_CreatedAtUtc_Status",
                table: "Reissues");
        }
    }
}
