import Fluent

/// Every migration, in the order it runs; a new one goes at the end.
enum MigrationList {
    static var all: [any Migration] {
        [
            OrganisationMigrations.CreateProvinces(),
            OrganisationMigrations.CreateCommunes(),
            OrganisationMigrations.CreateDepartments(),
            OrganisationMigrations.CreateOfficers(),
            OrganisationMigrations.CreateAccessTokens(),
            OrganisationMigrations.CreateAuditJournal(),
            CalendarMigrations.CreateOfficialSchedules(),
            CatalogMigrations.CreateProcedures(),
            PublicSafetyMigrations.CreateDutyShifts(),
            PublicSafetyMigrations.CreateDutyCalls(),
            DossierMigrations.CreateDossiers(),
            DossierMigrations.CreateDossierEvents(),
            DossierMigrations.CreateDossierDocuments(),
            DossierMigrations.CreateDossierSequences(),
            DossierMigrations.CreatePersonalDataAccess(),
            NotificationMigrations.CreateOutbox(),
            RatingMigrations.CreateRatings(),
            FeedbackMigrations.CreateFeedback(),
            AnnouncementMigrations.CreateAnnouncements(),
            // reports (issue #7)
            ReportMigrations.CreateReportDailyFigures(),
            ReportMigrations.CreateReportProcessingHours(),
            ReportMigrations.CreateReportMonthlyFigures(),
            ReportMigrations.FillReportSummaries(),
        ]
    }
}
