import Vapor

/// Registers the center floor's pages: kiosk, ticket, screen, rating tablet, counters and statistics.
func floorRoutes(_ app: Application) {
    app.floorSignal = FloorSignal()
    app.reportQueueFigures = { communeIDs, period, database in
        try await FloorReportFigures.figures(communeIDs: communeIDs, period: period, on: database)
    }
    app.floorTicketLimiter = ClientRateLimiter(limit: 100, window: 600, message: "Máy này đã lấy quá nhiều số trong ít phút. Vui lòng chờ một lát hoặc hỏi cán bộ hướng dẫn.")

    do { // visitors
        app.get(SiteURL.floorKiosk(.key).pathComponents, use: FloorPublicController.showKiosk)
        app.post(SiteURL.floorKiosk(.key).pathComponents, use: FloorPublicController.takeTicket)
        app.get(SiteURL.floorEntrance(.key).pathComponents, use: FloorPublicController.entrance)
        app.get(SiteURL.queueTicket(.key).pathComponents, use: FloorPublicController.showTicket)
        app.get(SiteURL.queueTicketPrint(.key).pathComponents, use: FloorPublicController.printTicket)
        app.get(SiteURL.floorDisplay(.key).pathComponents, use: FloorPublicController.display)
        app.get(SiteURL.floorDisplayState(.key).pathComponents, use: FloorPublicController.displayState)
        app.get(SiteURL.floorDisplayEvents(.key).pathComponents, use: FloorPublicController.displayEvents)
        app.get(SiteURL.floorRating(.key, .key).pathComponents, use: FloorRatingController.show)
        app.post(SiteURL.floorRating(.key, .key).pathComponents, use: FloorRatingController.rate)
    }

    do { // officers
        app.get(SiteURL.floorCounters.pathComponents, use: FloorCountersController.list)
        app.post(SiteURL.floorCounters.pathComponents, use: FloorCountersController.create)
        app.get(SiteURL.floorCounter(.key).pathComponents, use: FloorCountersController.showEdit)
        app.post(SiteURL.floorCounter(.key).pathComponents, use: FloorCountersController.update)
        app.get(SiteURL.floorDesk(.key).pathComponents, use: FloorDeskController.show)
        app.post(SiteURL.floorDeskCall(.key).pathComponents, use: FloorDeskController.callNext)
        app.post(SiteURL.floorDeskAction(.key).pathComponents, use: FloorDeskController.act)
        app.get(SiteURL.floorStatistics.pathComponents, use: FloorStatisticsController.show)
    }
}
