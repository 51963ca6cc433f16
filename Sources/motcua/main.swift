import Foundation
import MotCuaServer

exit(await MotCuaMain.run())
