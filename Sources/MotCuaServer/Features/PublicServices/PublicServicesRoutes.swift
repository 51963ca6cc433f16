import Vapor

/// Registers fault reports, collection schedules, public lighting and Open311.
func publicServicesRoutes(_ app: Application) {
    do { // public pages of a commune
        app.get(PublicServicesURL.reports(.key).pathComponents, use: FaultReportPages.list)
        app.get(PublicServicesURL.newReport(.key).pathComponents, use: FaultReportPages.showForm)
        app.on(.POST, PublicServicesURL.newReport(.key).pathComponents, body: .collect(maxSize: BodyLimit.faultReport), use: FaultReportPages.submit)
        app.get(PublicServicesURL.report(.key, .key).pathComponents, use: FaultReportPages.show)
        app.post(PublicServicesURL.citizenResponse(.key, .key).pathComponents, use: FaultReportPages.respond)
        app.get(PublicServicesURL.collectionSchedule(.key).pathComponents, use: CollectionAndLighting.publicSchedule)
    }

    do { // staff pages
        app.get(PublicServicesURL.queue.pathComponents, use: FaultReportStaff.queue)
        app.get(PublicServicesURL.staffReport(.key).pathComponents, use: FaultReportStaff.show)
        app.post(PublicServicesURL.changeStatus(.key).pathComponents, use: FaultReportStaff.changeStatus)
        app.post(PublicServicesURL.linkLightPoint(.key).pathComponents, use: FaultReportStaff.linkLightPoint)
        app.get(PublicServicesURL.reportPhoto(.key, .key).pathComponents, use: FaultReportStaff.photo)
        app.get(PublicServicesURL.serviceTypes.pathComponents, use: PublicServicesAdmin.serviceTypes)
        app.post(PublicServicesURL.serviceTypes.pathComponents, use: PublicServicesAdmin.createServiceType)
        app.get(PublicServicesURL.serviceType(.key).pathComponents, use: PublicServicesAdmin.serviceType)
        app.post(PublicServicesURL.serviceType(.key).pathComponents, use: PublicServicesAdmin.updateServiceType)
        app.get(PublicServicesURL.apiClients.pathComponents, use: PublicServicesAdmin.apiClients)
        app.post(PublicServicesURL.apiClients.pathComponents, use: PublicServicesAdmin.issueAPIClient)
        app.post(PublicServicesURL.revokeAPIClient(.key).pathComponents, use: PublicServicesAdmin.revokeAPIClient)
        app.get(PublicServicesURL.collectionRoutes.pathComponents, use: CollectionAndLighting.routes)
        app.post(PublicServicesURL.collectionRoutes.pathComponents, use: CollectionAndLighting.createRoute)
        app.post(PublicServicesURL.collectionRoute(.key).pathComponents, use: CollectionAndLighting.updateRoute)
        app.get(PublicServicesURL.lightPoints.pathComponents, use: CollectionAndLighting.lights)
        app.post(PublicServicesURL.lightPoints.pathComponents, use: CollectionAndLighting.createLight)
        app.post(PublicServicesURL.lightPoint(.key).pathComponents, use: CollectionAndLighting.updateLight)
        app.get(PublicServicesURL.statistics.pathComponents, use: PublicServicesStatistics.show)
        app.get(PublicServicesURL.statisticsCSV.pathComponents, use: PublicServicesStatistics.csv)
    }

    do { // Open311 GeoReport v2
        app.get(PublicServicesURL.open311Document(.key).pathComponents, use: Open311Controller.getDocument)
        // A client may send the report's photo along (multipart/form-data), as the web form does.
        app.on(.POST, PublicServicesURL.open311Document(.key).pathComponents, body: .collect(maxSize: BodyLimit.faultReport), use: Open311Controller.postDocument)
        app.get(PublicServicesURL.open311Service(.key).pathComponents, use: Open311Controller.getService)
        app.get(PublicServicesURL.open311Request(.key).pathComponents, use: Open311Controller.getRequest)
        app.get(PublicServicesURL.open311Token(.key).pathComponents, use: Open311Controller.getToken)
    }
}
