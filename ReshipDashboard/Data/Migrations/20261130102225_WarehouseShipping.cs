using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReshipDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class WarehouseShipping : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "NextWaybillAttemptAtUtc",
                table: "Reissues",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PrintedAtUtc",
                table: "Reissues",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WaybillFailures",
                table: "Reissues",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ShopSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    ReshipAnswerHours = table.Column<int>(type: "INTEGER", nullable: false),
                    OverdueReshipAction = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    EscalateAfterRejectionDays = table.Column<int>(type: "INTEGER", nullable: false),
                    AutoConfirmReceiptDays = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxReissuesPerOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    DueSoonHours = table.Column<int>(type: "INTEGER", nullable: false),
                    ReissueShipWithinHours = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShopSettings", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ShopSettings");

            migrationBuilder.DropColumn(
                name: "NextWaybillAttemptAtUtc",
                table: "Reissues");

            migrationBuilder.DropColumn(
                name: "PrintedAtUtc",
                table: "Reissues");

            migrationBuilder.DropColumn(
                name: "WaybillFailures",
                table: "Reissues");
        }
    }
}
